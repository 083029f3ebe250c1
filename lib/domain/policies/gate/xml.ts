// Text made safe for XML 1.0: the five markup characters become entities and the
// characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/F)
// are dropped, since even an entity for them makes the document ill-formed.

// Everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripInvalidXmlChars(s: string): string {
  return s.replace(INVALID_XML_CHARS, "");
}

/** For element content. */
export function escapeXmlText(s: string): string {
  return stripInvalidXmlChars(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\r/g, "&#13;");
}

/** For attribute values: also keeps tabs and line breaks, which a parser would otherwise normalise to spaces. */
export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s).replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}
