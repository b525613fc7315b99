// The field definitions of FSL collection schemas (`fauna schema pull` output), enough to type
// the documents of a simple-format export: `collection Foo { name: String; age: Int?; … }`. The
// grammar followed is the core's (fauna/faunadb, ext/fql/shared/src/main/scala/parser/
// SchemaItemParser.scala for items, PartialTypeExprParser.scala for types): items are separated
// by newlines or `;`, object type fields by `,`, `;` or newlines; `?` binds tighter than `&`,
// which binds tighter than `|`. Computed fields are left out (an export does not hold them), and
// every item other than a field (indexes, checks, migrations, functions, roles...) is skipped.

/** A type of an FSL field, as far as it tells the JSON of an exported value. */
export type FslType =
  | { kind: 'any' }
  | { kind: 'scalar'; name: Scalar }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'ref' }
  | { kind: 'array'; items: FslType }
  | { kind: 'tuple'; elements: FslType[] }
  | { kind: 'object'; fields: Map<string, FslType>; wildcard?: FslType }
  | { kind: 'union'; members: FslType[] };

type Scalar = 'String' | 'Int' | 'Long' | 'Double' | 'Number' | 'Boolean' | 'Time' | 'Date' | 'Bytes' | 'Null';

const SCALARS = new Set<string>([
  'String',
  'Int',
  'Long',
  'Double',
  'Number',
  'Boolean',
  'Time',
  'Date',
  'Bytes',
  'Null',
]);
// Names of types that are neither a scalar above nor a collection: their values are typed as they come.
const OPAQUE = new Set(['ID', 'UUID', 'Object', 'Array', 'Set', 'EventSource', 'Never']);

export const ANY: FslType = { kind: 'any' };
const NULL: FslType = { kind: 'scalar', name: 'Null' };

/** A collection's stored fields; a collection without field definitions is `{ *: Any }`. */
export interface FslCollection {
  name: string;
  type: Extract<FslType, { kind: 'object' }>;
}

export class FslError extends Error {}

interface Token {
  kind: 'ident' | 'string' | 'number' | 'punct' | 'newline';
  text: string;
  line: number;
}

const PUNCT = ['...', '=>', '{', '}', '[', ']', '(', ')', '<', '>', ',', ':', ';', '?', '|', '&', '=', '*', '@', '.'];

const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*/y;
const HEREDOC_START = /<<[-+][ \t]*[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function matchAt(pattern: RegExp, source: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0];
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (what: string): never => {
    throw new FslError(`line ${line}: ${what}`);
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) fail('a /* comment is never closed');
      for (let j = i; j < end; j++) if (source[j] === '\n') line++;
      i = end + 2;
    } else if (matchAt(HEREDOC_START, source, i) !== undefined) {
      // A heredoc string (`<<-END` or `<<+END`, then lines up to one holding END alone).
      const delimiter = matchAt(HEREDOC_START, source, i)!.slice(3).trim();
      const lines = source.slice(i).split('\n');
      const last = lines.findIndex((text, n) => n > 0 && text.trim() === delimiter);
      if (last < 0) fail(`a <<${delimiter} string is never closed by ${delimiter}`);
      tokens.push({ kind: 'string', text: lines.slice(1, last).join('\n'), line });
      line += last;
      i += lines.slice(0, last + 1).join('\n').length;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\n') fail('a string is not closed on its line');
        if (source[j] === '\\') j++;
        text += source[j] ?? '';
        j++;
      }
      if (j >= source.length) fail('a string is never closed');
      tokens.push({ kind: 'string', text, line });
      i = j + 1;
    } else if (matchAt(IDENT, source, i) !== undefined) {
      const text = matchAt(IDENT, source, i)!;
      tokens.push({ kind: 'ident', text, line });
      i += text.length;
    } else if (matchAt(NUMBER, source, i) !== undefined) {
      const text = matchAt(NUMBER, source, i)!;
      tokens.push({ kind: 'number', text, line });
      i += text.length;
    } else {
      const punct = PUNCT.find((p) => source.startsWith(p, i));
      // Any other character belongs to an expression (a check, a default, a function body) that is skipped whole.
      tokens.push({ kind: 'punct', text: punct ?? c, line });
      i += punct?.length ?? 1;
    }
  }
  return tokens;
}

const OPEN: { [open: string]: string } = { '{': '}', '[': ']', '(': ')' };

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Every `collection Name { … }` of the file. */
  collections(): FslCollection[] {
    const found: FslCollection[] = [];
    while (this.peek() !== undefined) {
      this.skipSeparators();
      const token = this.peek();
      if (token === undefined) break;
      if (token.kind === 'ident' && token.text === 'collection') {
        this.at++;
        const name = this.name();
        found.push({ name, type: this.collectionBody() });
      } else this.skipItem();
    }
    return found;
  }

  private collectionBody(): FslCollection['type'] {
    this.skipNewlines();
    this.expect('{');
    const fields = new Map<string, FslType>();
    let wildcard: FslType | undefined;
    for (;;) {
      this.skipSeparators();
      const token = this.peek();
      if (token === undefined) throw this.error('the collection block is never closed with }');
      if (token.text === '}') {
        this.at++;
        break;
      }
      if (token.text === '@') {
        // An annotation, @alias(name) or @role(name): not a field.
        this.at++;
        this.skipItem();
        continue;
      }
      const next = this.tokens[this.at + 1];
      const named = token.kind === 'ident' || token.kind === 'string' || token.text === '*';
      if (named && next?.text === ':') {
        this.at += 2;
        const type = this.type();
        if (token.text === '*' && token.kind === 'punct') wildcard = type;
        else fields.set(token.text, type);
      }
      // Anything else (a computed field, an index, a check, migrations, a field given only a
      // default) is not a stored field's type: the rest of the item is skipped.
      this.skipItem();
    }
    // Fauna's rule: a collection that defines no field accepts any (an implicit `*: Any`).
    if (fields.size === 0 && wildcard === undefined) wildcard = ANY;
    return { kind: 'object', fields, ...(wildcard !== undefined && { wildcard }) };
  }

  // type := union ('=>' type)?; union := intersection ('|' intersection)*; intersection := postfix ('&' postfix)*
  private type(): FslType {
    const union = this.union();
    if (this.peek()?.text !== '=>') return union;
    this.at++;
    this.skipNewlines();
    this.type();
    return ANY; // a function type: never stored
  }

  private union(): FslType {
    const members = [this.intersection()];
    while (this.peek()?.text === '|') {
      this.at++;
      this.skipNewlines();
      members.push(this.intersection());
    }
    return members.length === 1 ? members[0]! : union(members);
  }

  private intersection(): FslType {
    const first = this.postfix();
    if (this.peek()?.text !== '&') return first;
    while (this.peek()?.text === '&') {
      this.at++;
      this.skipNewlines();
      this.postfix();
    }
    return ANY; // what an intersection's values look like is not told by its parts
  }

  private postfix(): FslType {
    let type = this.base();
    while (this.peek()?.text === '?') {
      this.at++;
      type = union([type, NULL]);
    }
    return type;
  }

  private base(): FslType {
    const token = this.next();
    if (token === undefined) throw this.error('a type is missing at the end of the file');
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', value: token.text };
      case 'number':
        return { kind: 'literal', value: Number(token.text.replaceAll('_', '')) };
      case 'ident':
        return this.named(token.text);
      default:
    }
    if (token.text === '{') return this.objectType();
    if (token.text === '[') return tupleOf(this.list(']'));
    if (token.text === '(') {
      const elements = this.list(')');
      return elements.length === 1 ? elements[0]! : tupleOf(elements);
    }
    throw this.error('expected a type', token);
  }

  private named(name: string): FslType {
    const args = this.peek()?.text === '<' ? (this.at++, this.list('>')) : [];
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'Any') return ANY;
    if (name === 'Array' && args.length === 1) return { kind: 'array', items: args[0]! };
    if (name === 'Ref') return { kind: 'ref' };
    if (SCALARS.has(name) && args.length === 0) return { kind: 'scalar', name: name as Scalar };
    if (OPAQUE.has(name) || args.length > 0) return ANY;
    return { kind: 'ref' }; // a collection's name: a reference to one of its documents
  }

  private objectType(): FslType {
    const fields = new Map<string, FslType>();
    let wildcard: FslType | undefined;
    for (;;) {
      this.skipSeparators(',');
      const token = this.next();
      if (token === undefined) throw this.error('an object type is never closed with }');
      if (token.text === '}') break;
      if (token.text === '...') continue; // an interface: the object may hold more fields
      const named = token.kind === 'ident' || token.kind === 'string' || token.text === '*';
      if (!named) throw this.error('expected a field name', token);
      this.expect(':');
      const type = this.type();
      if (token.kind === 'punct') wildcard = type;
      else fields.set(token.text, type);
      // A default value (`= expr`) runs to the next separator.
      if (this.peek()?.text === '=') this.skipItem(',');
    }
    return { kind: 'object', fields, ...(wildcard !== undefined && { wildcard }) };
  }

  /** Types separated by commas up to `close`, newlines allowed. */
  private list(close: string): FslType[] {
    const types: FslType[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peek()?.text === close) {
        this.at++;
        return types;
      }
      types.push(this.type());
      this.skipNewlines();
      const token = this.next();
      if (token?.text === close) return types;
      if (token?.text !== ',') throw this.error(`expected , or ${close}`, token);
    }
  }

  private name(): string {
    const token = this.next();
    if (token?.kind !== 'ident' && token?.kind !== 'string') throw this.error('expected a collection name', token);
    return token.text;
  }

  /** Skips to the end of the item: a newline or `;` outside brackets, the `}` that closes its block, or `alsoAt`. */
  private skipItem(alsoAt?: string): void {
    const closers: string[] = [];
    for (let token = this.peek(); token !== undefined; token = this.peek()) {
      if (closers.length === 0) {
        if (token.kind === 'newline' || token.text === ';' || token.text === '}' || token.text === alsoAt) return;
      }
      this.at++;
      if (token.kind !== 'punct') continue;
      if (OPEN[token.text] !== undefined) closers.push(OPEN[token.text]!);
      else if (token.text === closers.at(-1)) closers.pop();
    }
  }

  private skipSeparators(extra?: string): void {
    while (this.peek()?.kind === 'newline' || this.peek()?.text === ';' || (extra && this.peek()?.text === extra))
      this.at++;
  }

  private skipNewlines(): void {
    while (this.peek()?.kind === 'newline') this.at++;
  }

  private expect(text: string): void {
    const token = this.next();
    if (token?.text !== text) throw this.error(`expected ${text}`, token);
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token | undefined {
    return this.tokens[this.at++];
  }

  private error(what: string, token = this.tokens[this.at - 1]): FslError {
    const where = token === undefined ? 'at the end' : `line ${token.line}`;
    const found = token === undefined || token.kind === 'newline' ? '' : ` (found '${token.text}')`;
    return new FslError(`${where}: ${what}${found}`);
  }
}

function union(members: FslType[]): FslType {
  const flat = members.flatMap((member) => (member.kind === 'union' ? member.members : [member]));
  return flat.some((member) => member.kind === 'any') ? ANY : { kind: 'union', members: flat };
}

function tupleOf(elements: FslType[]): FslType {
  return { kind: 'tuple', elements };
}

/** The collections an FSL file defines; an FslError says where it cannot be read. */
export function parseFsl(source: string): FslCollection[] {
  return new Parser(tokenize(source)).collections();
}
