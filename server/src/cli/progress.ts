import cliProgress from 'cli-progress';

/** Rows-so-far feedback on a terminal; nothing when stderr is a pipe or a file. */
export interface Progress {
  update(rows: number, acked: number): void;
  stop(): void;
}

export function rowProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} | {value} rows | {acked} acked | {rate} rows/s`,
      stream,
      fps: 10,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0, { acked: 0, rate: 0 });
  return {
    update(rows, acked) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.setTotal(rows);
      bar.update(rows, { acked, rate: Math.round(rows / seconds) });
    },
    stop: () => bar.stop(),
  };
}
