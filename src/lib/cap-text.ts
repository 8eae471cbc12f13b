/**
 * At most `max` characters of `text`, cut at the last paragraph break in the second half
 * of the allowance when there is one (else at `max`, never inside a surrogate pair).
 */
export function capAtParagraph(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  const paragraph = head.lastIndexOf("\n\n");
  return (paragraph > max / 2 ? head.slice(0, paragraph) : head).trimEnd();
}
