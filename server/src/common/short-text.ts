/**
 * `text` cut to at most `maxChars` characters plus an ellipsis and the full length, for echoing
 * untrusted input (a name, a value) in an error message; shorter text comes back unchanged.
 * Never splits a UTF-16 surrogate pair: a lone surrogate cannot be percent-encoded into a header.
 */
export function shortText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = isHighSurrogate(text.charCodeAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return `${text.slice(0, cut)}… (${text.length} characters)`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
