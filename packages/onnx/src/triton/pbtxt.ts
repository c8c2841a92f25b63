/**
 * A minimal protobuf text-format writer for Triton's config.pbtxt. Values are plain JS:
 * strings are quoted, numbers and booleans written as is, `enumValue('TYPE_FP32')` unquoted,
 * nested objects as messages, arrays as repeated fields. Field order is the object's key order.
 */

const ENUM = Symbol('pbtxt-enum');

export interface PbtxtEnum {
  readonly [ENUM]: string;
}

export type PbtxtValue = string | number | boolean | PbtxtEnum | PbtxtMessage;
export interface PbtxtMessage {
  [field: string]: PbtxtValue | readonly PbtxtValue[] | undefined;
}

export function enumValue(name: string): PbtxtEnum {
  return { [ENUM]: name };
}

function isEnum(value: unknown): value is PbtxtEnum {
  return typeof value === 'object' && value !== null && ENUM in value;
}

/**
 * Text format strings take C escapes, not JSON's \u: every byte outside printable ASCII is
 * written as a three-digit octal escape of its UTF-8 encoding.
 */
export function quote(text: string): string {
  let out = '"';
  for (const byte of new TextEncoder().encode(text)) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

function scalar(value: Exclude<PbtxtValue, PbtxtMessage>): string {
  if (isEnum(value)) return value[ENUM];
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`pbtxt: non-finite number ${value}`);
    return String(value);
  }
  return value ? 'true' : 'false';
}

function isMessage(value: PbtxtValue): value is PbtxtMessage {
  return typeof value === 'object' && !isEnum(value);
}

function message(fields: PbtxtMessage, indent: string): string[] {
  const lines: string[] = [];
  const inner = `${indent}  `;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      const items = value as readonly PbtxtValue[];
      if (items.length > 0 && items.every(isMessage)) {
        lines.push(`${indent}${name} [`);
        items.forEach((item, i) => {
          lines.push(`${inner}{`, ...message(item as PbtxtMessage, `${inner}  `));
          lines.push(`${inner}}${i < items.length - 1 ? ',' : ''}`);
        });
        lines.push(`${indent}]`);
      } else {
        const texts = items.map((item) => scalar(item as Exclude<PbtxtValue, PbtxtMessage>));
        lines.push(`${indent}${name}: [ ${texts.join(', ')} ]`);
      }
    } else if (isMessage(value as PbtxtValue)) {
      lines.push(`${indent}${name} {`, ...message(value as PbtxtMessage, inner), `${indent}}`);
    } else {
      lines.push(`${indent}${name}: ${scalar(value as Exclude<PbtxtValue, PbtxtMessage>)}`);
    }
  }
  return lines;
}

export function toPbtxt(fields: PbtxtMessage): string {
  return `${message(fields, '').join('\n')}\n`;
}
