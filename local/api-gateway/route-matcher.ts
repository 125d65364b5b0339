import type { RouteDefinition } from '../../contract/routes.ts';

/**
 * API Gateway's route selection: the request's method and path against the route templates, the
 * most specific template winning.
 */

export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly pathParameters?: Record<string, string>;
}

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly segments: readonly string[];
  /** Literal segments count first, then fewer variables: API Gateway prefers the most specific route. */
  readonly literals: number;
  readonly greedy: boolean;
}

const compile = (route: RouteDefinition): CompiledRoute => {
  const segments = route.path.split('/').slice(1);
  return {
    route,
    segments,
    literals: segments.filter((segment) => !segment.startsWith('{')).length,
    greedy: segments.at(-1)?.endsWith('+}') ?? false,
  };
};

const decode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const matchSegments = (compiled: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined => {
  const parameters: Record<string, string> = {};
  for (let index = 0; index < compiled.segments.length; index++) {
    const template = compiled.segments[index]!;
    const value = segments[index];
    if (template.startsWith('{') && template.endsWith('+}')) {
      if (index !== compiled.segments.length - 1 || value === undefined) return undefined;
      const rest = segments.slice(index).join('/');
      if (!rest) return undefined;
      parameters[template.slice(1, -2)] = decode(rest);
      return parameters;
    }
    if (value === undefined) return undefined;
    if (template.startsWith('{') && template.endsWith('}')) {
      if (value === '') return undefined;
      parameters[template.slice(1, -1)] = decode(value);
    } else if (template !== value) {
      return undefined;
    }
  }
  return segments.length === compiled.segments.length ? parameters : undefined;
};

/** Builds a matcher over route templates (`/v1/tickets/{id}/take`, `{proxy+}`); method must match (or be ANY). */
export const createRouteMatcher = (routes: readonly RouteDefinition[]): ((method: string, path: string) => RouteMatch | undefined) => {
  const compiled = routes
    .map(compile)
    .sort((a, b) => Number(a.greedy) - Number(b.greedy) || b.literals - a.literals || b.segments.length - a.segments.length);
  return (method, path) => {
    const segments = path.split('/').slice(1);
    for (const candidate of compiled) {
      const routeMethod: string = candidate.route.method;
      if (routeMethod !== method && routeMethod !== 'ANY') continue;
      const parameters = matchSegments(candidate, segments);
      if (!parameters) continue;
      return Object.keys(parameters).length > 0 ? { route: candidate.route, pathParameters: parameters } : { route: candidate.route };
    }
    return undefined;
  };
};

/**
 * The request target as the local server may log it: a route segment named `{secret}` (a calendar
 * feed's URL is a credential) is written `***`, also when the rest of the path matches no route, as
 * the real API Gateway's access log has no path at all (infra/constructs/http-api.ts).
 */
export const createTargetMasker = (routes: readonly RouteDefinition[]): ((target: string) => string) => {
  const templates = routes.map((route) => route.path.split('/').slice(1)).filter((segments) => segments.includes('{secret}'));
  return (target) => {
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const segments = path.split('/').slice(1);
    for (const template of templates) {
      const at = template.indexOf('{secret}');
      const leads = template.slice(0, at).every((part, index) => segments[index] !== undefined && (part.startsWith('{') || part === segments[index]));
      // Everything from the secret on: a secret split by a stray `/` must not leak either.
      if (leads && segments.length > at) return `/${[...segments.slice(0, at), '***'].join('/')}`;
    }
    return target;
  };
};
