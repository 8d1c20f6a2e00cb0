/** One metric's value on a server's /metrics page (the first series of that name, labelled or not). */
export async function metricValue(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm'));
  if (!match) throw new Error(`no ${name} on port ${port}`);
  return Number(match[1]);
}
