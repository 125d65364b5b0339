/**
 * Lambda event-filtering patterns (the EventBridge pattern language) as used by event source
 * mappings: an object pattern matches when every key matches; an array lists the accepted values.
 * Supported rules: exact values, `{ exists }`, `{ prefix }`, `{ suffix }`, `{ 'anything-but' }`,
 * `{ 'equals-ignore-case' }`, `{ numeric: [op, n, …] }`.
 */
export type FilterRule = string | number | boolean | null | { readonly [operator: string]: unknown };

export interface FilterPattern {
  readonly [key: string]: FilterPattern | readonly FilterRule[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const numericMatches = (value: unknown, conditions: readonly unknown[]): boolean => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (Number.isNaN(number)) return false;
  for (let index = 0; index < conditions.length; index += 2) {
    const operator = conditions[index];
    const operand = Number(conditions[index + 1]);
    const ok =
      operator === '=' ? number === operand
      : operator === '<' ? number < operand
      : operator === '<=' ? number <= operand
      : operator === '>' ? number > operand
      : operator === '>=' ? number >= operand
      : undefined;
    if (ok === undefined) throw new Error(`unsupported numeric operator in filter: ${String(operator)}`);
    if (!ok) return false;
  }
  return true;
};

const ruleMatches = (value: unknown, rule: FilterRule): boolean => {
  if (!isObject(rule)) return value !== undefined && value === rule;
  if ('exists' in rule) return rule['exists'] ? value !== undefined : value === undefined;
  if (value === undefined) return false;
  if ('prefix' in rule) return typeof value === 'string' && value.startsWith(String(rule['prefix']));
  if ('suffix' in rule) return typeof value === 'string' && value.endsWith(String(rule['suffix']));
  if ('equals-ignore-case' in rule) return typeof value === 'string' && value.toLowerCase() === String(rule['equals-ignore-case']).toLowerCase();
  if ('anything-but' in rule) {
    const excluded = rule['anything-but'];
    return !(Array.isArray(excluded) ? excluded : [excluded]).includes(value);
  }
  if ('numeric' in rule) return numericMatches(value, rule['numeric'] as readonly unknown[]);
  throw new Error(`unsupported filter rule: ${JSON.stringify(rule)}`);
};

const valueMatches = (value: unknown, rules: readonly FilterRule[]): boolean => {
  // An array value (e.g. a string set) matches when any of its elements does.
  const candidates = Array.isArray(value) ? value : [value];
  return rules.some((rule) => candidates.some((candidate) => ruleMatches(candidate, rule)) || (candidates.length === 0 && ruleMatches(undefined, rule)));
};

/** Whether `value` (e.g. a Lambda DynamoDB stream record) matches `pattern`. */
export const matchesPattern = (value: unknown, pattern: FilterPattern): boolean =>
  Object.entries(pattern).every(([key, expected]) => {
    const actual = isObject(value) ? value[key] : undefined;
    if (Array.isArray(expected)) return valueMatches(actual, expected as readonly FilterRule[]);
    return isObject(actual) ? matchesPattern(actual, expected as FilterPattern) : false;
  });

/** Lambda keeps a record when any of the (up to five) filters matches; no filters keep everything. */
export const matchesAnyPattern = (value: unknown, patterns: readonly FilterPattern[] | null | undefined): boolean =>
  !patterns || patterns.length === 0 || patterns.some((pattern) => matchesPattern(value, pattern));
