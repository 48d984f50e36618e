// How times, positions and counts read on the console: local wall-clock times, positions as
// h:mm:ss, ages as "12 s ago".

const timeFmt = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A time of day today, or date and time otherwise; "—" for none (0). */
export function when(ms) {
  if (!ms) return '—';
  const d = new Date(ms);
  const today = new Date();
  return d.toDateString() === today.toDateString() ? timeFmt.format(d) : dateTimeFmt.format(d);
}

/** ISO-8601 for a machine-readable <time datetime>. */
export function iso(ms) {
  return ms ? new Date(ms).toISOString() : '';
}

/** A playback position (or any duration) as h:mm:ss or m:ss. */
export function clock(ms) {
  if (ms === null || ms === undefined || ms < 0) return '—';
  const total = Math.floor(ms / 1000);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  const two = (n) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** How long ago, coarsely: "4 s ago", "3 min ago", "2 h ago". */
export function ago(ms, now = Date.now()) {
  if (!ms) return '—';
  const seconds = Math.round((now - ms) / 1000);
  if (seconds < 0) return `in ${duration(-seconds * 1000)}`;
  return `${duration(seconds * 1000)} ago`;
}

/** A span of time, coarsely: "45 s", "3 min", "2 h 5 min". */
export function duration(ms) {
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** Words from an API enum or kind: "STREAM_LIMIT" / "stream-ended" -> "stream limit". */
export function words(text) {
  return text ? String(text).replace(/[_-]+/g, ' ').toLowerCase() : '—';
}
