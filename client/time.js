// Message times in the reader's locale: the time of day for today, the date too for older ones.

export function formatTime(iso, now = new Date()) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { short: '', long: '' };
  const sameDay = date.toDateString() === now.toDateString();
  const short = sameDay
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return { short, long: date.toLocaleString() };
}

/** The local calendar day of `iso` ("2026-12-03"), or null when it is not a time. */
export function localDay(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A day separator's words: "Today", "Yesterday", or the date in the reader's locale. */
export function dayLabel(iso, now = new Date()) {
  const day = localDay(iso);
  if (day === localDay(now.toISOString())) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (day === localDay(yesterday.toISOString())) return 'Yesterday';
  return new Date(iso).toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

/**
 * `lines` with a `{ kind: 'day' }` line before the first message of each local day. Lines without a time (system
 * lines, messages still being sent) belong to the day before them.
 */
export function withDaySeparators(lines, now = new Date()) {
  const out = [];
  let current = null;
  for (const line of lines) {
    const day = line.ts ? localDay(line.ts) : null;
    if (day && day !== current) {
      out.push({ kind: 'day', key: `day:${day}`, text: dayLabel(line.ts, now) });
      current = day;
    }
    out.push(line);
  }
  return out;
}
