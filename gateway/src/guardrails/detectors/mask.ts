/** Replaces every digit but the last `keep` with `*`, leaving separators in place. */
export function maskDigits(value: string, keep: number): string {
  let digitsLeft = 0;
  for (const char of value) if (char >= '0' && char <= '9') digitsLeft += 1;
  let out = '';
  for (const char of value) {
    if (char >= '0' && char <= '9') {
      out += digitsLeft > keep ? '*' : char;
      digitsLeft -= 1;
    } else {
      out += char;
    }
  }
  return out;
}

/** Keeps the first `head` and last `tail` letters/digits, stars the ones between; other characters stay. */
export function maskAlnum(value: string, head: number, tail: number): string {
  const isAlnum = (char: string): boolean => /[A-Za-z0-9]/.test(char);
  const total = [...value].filter(isAlnum).length;
  if (total <= head + tail) return value.replace(/[A-Za-z0-9]/g, '*');
  let seen = 0;
  let out = '';
  for (const char of value) {
    if (!isAlnum(char)) {
      out += char;
      continue;
    }
    out += seen < head || seen >= total - tail ? char : '*';
    seen += 1;
  }
  return out;
}
