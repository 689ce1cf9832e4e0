// Web addresses in message text, found so the message list can show them as links. The text is split into plain
// parts and http(s) URLs; nothing else in a message is ever interpreted, and the links are built as DOM nodes.

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
/** Punctuation that ends a sentence rather than the address ("see https://x.org."). */
const TRAILING = /[.,;:!?)\]}]+$/;

/** The parts of `text`: `{ text }` for plain runs and `{ url }` for http(s) addresses, in order. */
export function linkParts(text) {
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let candidate = match[0];
    const trailing = candidate.match(TRAILING);
    if (trailing) candidate = candidate.slice(0, -trailing[0].length);
    if (!isWebUrl(candidate)) continue;
    if (match.index > at) parts.push({ text: text.slice(at, match.index) });
    parts.push({ url: candidate });
    at = match.index + candidate.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

function isWebUrl(candidate) {
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
