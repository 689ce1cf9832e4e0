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
