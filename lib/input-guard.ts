import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type ASTNode, BREAK, Kind, visit } from 'graphql';
import { badUserInput } from './errors';

/**
 * Refuses, before any resolver runs (so before any SQL), string input PostgreSQL cannot store: a
 * NUL character (U+0000) in a text value is PostgreSQL error 08P01, which used to come back as an
 * INTERNAL_SERVER_ERROR with the SQL in the log. Every string of the request counts: variables at
 * any depth, and literals of the document (arguments and input object fields). The gateway and
 * every subgraph run it, so a subgraph reached directly refuses them too.
 */

const NUL = '\u0000';

/** The path (`input.title`, `filter.status[1]`) of the first string holding a NUL in `value`, if any. */
function nulIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulIn(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) return path ? `${path}.${key.replaceAll(NUL, '\\u0000')}` : key;
      const found = nulIn(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/** The argument and input fields a literal sits in, from its ancestors (`input.title`). */
function literalPath(ancestors: readonly (ASTNode | readonly ASTNode[])[]): string {
  const names: string[] = [];
  for (const ancestor of ancestors) {
    if (Array.isArray(ancestor) || !('kind' in (ancestor as ASTNode))) continue;
    const node = ancestor as ASTNode;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) names.push(node.name.value);
    if (node.kind === Kind.FIELD) names.length = 0; // the innermost field's argument is the one at fault
  }
  return names.join('.') || 'argument';
}

/**
 * The literals' verdict per parsed document (null: none holds a NUL). Apollo gives the same parsed
 * document to every request with the same text, so its literals are walked once; variables change
 * with every request and are read every time.
 */
const literalVerdicts = new WeakMap<ASTNode, string | null>();

/** The first string argument or input field of the request that holds a NUL, named as the client wrote it. */
export function fieldWithNul(document: ASTNode, variables: Record<string, unknown> | undefined): string | undefined {
  const found = nulIn(variables ?? {}, '');
  if (found) return found;
  let verdict = literalVerdicts.get(document);
  if (verdict === undefined) {
    verdict = literalWithNul(document) ?? null;
    literalVerdicts.set(document, verdict);
  }
  return verdict ?? undefined;
}

/** The first string literal of the document that holds a NUL, named by the argument or input field it sits in. */
function literalWithNul(document: ASTNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (!node.value.includes(NUL)) return undefined;
      // `ancestors` stops above `parent` (the argument or input field holding the string).
      found = literalPath(parent ? [...ancestors, parent] : ancestors);
      return BREAK;
    },
  });
  return found;
}

/** The guard as an Apollo plugin: 400 BAD_USER_INPUT naming the field (`extensions.field`). */
export function inputGuardPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const field = fieldWithNul(document, request.variables);
          if (field === undefined) return;
          throw badUserInput(`${field} must not contain the NUL character (U+0000)`, { field, http: { status: 400 } });
        },
      };
    },
  };
}
