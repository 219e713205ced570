const two = (n: number) => String(n).padStart(2, '0');

/** ISO instant → value for <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** <input type="datetime-local"> value → ISO-8601 with the local offset, as the contract wants. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

function format(iso: string | null | undefined, locale: string, options: Intl.DateTimeFormatOptions): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, options).format(d);
}

export const formatDateTime = (iso: string | null | undefined, locale: string) => format(iso, locale, { dateStyle: 'medium', timeStyle: 'short' });

/** A time of day to the second, in the UI's language (when a draw is held: seconds matter). */
export const formatTime = (iso: string | null | undefined, locale: string) => format(iso, locale, { timeStyle: 'medium' });
