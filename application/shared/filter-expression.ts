import type { IndexQuery } from '../ports/read-models.ts';

/**
 * A list query's filter expression, built clause by clause and joined with AND: the conditions a
 * list checks on the rows it reads after picking its most selective index. `compare` names its
 * attributes and values `#f<n>`/`:f<n>`; a hand-written `clause` brings its own placeholders.
 */
export class FilterExpression {
  readonly #parts: string[] = [];
  readonly #names: Record<string, string> = {};
  readonly #values: Record<string, unknown> = {};

  /** `<attribute> <op> <value>`, or `contains(<attribute>, <value>)` for a list or a text. */
  compare(attribute: string, op: '=' | '>=' | '<=' | 'contains', value: unknown): this {
    const name = `#f${this.#parts.length}`;
    const placeholder = `:f${this.#parts.length}`;
    this.#parts.push(op === 'contains' ? `contains(${name}, ${placeholder})` : `${name} ${op} ${placeholder}`);
    this.#names[name] = attribute;
    this.#values[placeholder] = value;
    return this;
  }

  /** A clause written out (parenthesised when it has an OR), with the placeholders it uses. */
  clause(expression: string, names: Record<string, string>, values: Record<string, unknown>): this {
    this.#parts.push(expression);
    Object.assign(this.#names, names);
    Object.assign(this.#values, values);
    return this;
  }

  get isEmpty(): boolean {
    return this.#parts.length === 0;
  }

  /** The filter of an index query; undefined when there is no clause. */
  get expression(): IndexQuery['filter'] {
    return this.isEmpty ? undefined : { expression: this.#parts.join(' AND '), names: { ...this.#names }, values: { ...this.#values } };
  }
}
