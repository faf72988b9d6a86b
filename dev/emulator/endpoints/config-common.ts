/**
 * Helpers the configuration endpoints share: administrator checks with Jira's messages, `PageBean` paging with
 * `startAt`/`maxResults`, and body member readers that answer 400 like Jira's strict request beans.
 */
import type { RequestContext } from '../context';
import { intParam, isRecord } from '../context';
import { badRequest, forbidden } from '../errors';
import type { SeedProject } from '../seed';

/** 403 unless the caller has the Administer Jira global permission. */
export function requireJiraAdmin(ctx: RequestContext, message: string): void {
  if (!ctx.user.jiraAdmin) throw forbidden(message);
}

/** 403 unless the caller may administer the project (or Jira). */
export function requireProjectAdmin(ctx: RequestContext, project: SeedProject, message: string): void {
  if (!ctx.store.canAdminister(ctx.user, project)) throw forbidden(message);
}

export interface Paged<T> {
  readonly self: string;
  readonly nextPage?: string;
  readonly maxResults: number;
  readonly startAt: number;
  readonly total: number;
  readonly isLast: boolean;
  readonly values: T[];
}

/** A `PageBean…` of `items` for the request's `startAt`/`maxResults` (default and cap `cap`). */
export function pageOf<T>(
  ctx: RequestContext,
  path: string,
  items: readonly T[],
  options: { readonly defaultMax: number; readonly cap: number },
): Paged<T> {
  const startAt = intParam(ctx.query.get('startAt') ?? undefined, 'startAt', { defaultValue: 0, min: 0 });
  const maxResults = intParam(ctx.query.get('maxResults') ?? undefined, 'maxResults', {
    defaultValue: options.defaultMax,
    min: 1,
    cap: options.cap,
  });
  const values = items.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= items.length;
  const pageUrl = (start: number): string => {
    const query = new URLSearchParams(ctx.query);
    query.set('startAt', String(start));
    query.set('maxResults', String(maxResults));
    return `${ctx.baseUrl}${path}?${query.toString()}`;
  };
  return {
    self: pageUrl(startAt),
    ...(isLast ? {} : { nextPage: pageUrl(startAt + values.length) }),
    maxResults,
    startAt,
    total: items.length,
    isLast,
    values,
  };
}

/** Query list parameter: repeated (`id=1&id=2`) or comma-separated. */
export function queryList(ctx: RequestContext, name: string): string[] {
  return ctx.query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function requiredString(body: Record<string, unknown>, name: string, what = name): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw badRequest('', { [name]: `The ${what} must be given (a non-empty string).` });
  }
  return value;
}

export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest('', { [name]: `'${name}' must be a string.` });
  return value;
}

export function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw badRequest(`'${name}' must be an array of strings.`);
  }
  return value;
}

export function recordList(value: unknown, name: string): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) {
    throw badRequest(`'${name}' must be an array of objects.`);
  }
  return value;
}

export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
