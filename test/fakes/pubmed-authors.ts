// Splits PubMed-style author names ("Smith J", "van der Berg AB") into last name and initials.
export interface AuthorName {
  lastName: string;
  initials: string;
}

export function parseAuthor(name: string): AuthorName {
  const parts = name.trim().split(/\s+/);
  const last = parts.at(-1) ?? "";
  if (parts.length > 1 && /^[A-Z]{1,3}$/.test(last)) {
    return { lastName: parts.slice(0, -1).join(" "), initials: last };
  }
  // "John Smith" style: last word is the surname, initials from the given names.
  return {
    lastName: last,
    initials: parts
      .slice(0, -1)
      .map((part) => part.charAt(0).toUpperCase())
      .join(""),
  };
}
