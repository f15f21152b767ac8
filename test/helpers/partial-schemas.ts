import { CONFIG_DEFAULTS } from '../../src/resolve/resolve.js';

/*
 * The schemas of role files that are partial on their own, made from
 * schemas/role.schema.json so the three can never disagree about a key:
 *
 * - role-part: a base, or a role that `extends` one. Any key may come from
 *   the base (or the config), so nothing is required, not even inside
 *   organization, document and position.
 * - role-configured: a role below a jdgen.config.yaml that extends no base.
 *   Only the keys a config can give (CONFIG_DEFAULTS) may be missing.
 *
 * Each property is a `$ref` into role.schema.json, except the mappings whose
 * own `required` list is dropped: those are copied, their refs made to point
 * at role.schema.json. test/unit/schemas.test.ts checks that the files in
 * schemas/ are exactly this output (UPDATE_SCHEMAS=1 rewrites them).
 */

type Schema = Record<string, unknown>;

const ROLE = './role.schema.json';

export type PartialRoleSchemaName = 'role-part' | 'role-configured';

export function partialRoleSchemas(role: Schema): Record<PartialRoleSchemaName, Schema> {
  const required = role.required as string[];
  const fromConfig = new Set<string>(CONFIG_DEFAULTS);
  return {
    'role-part': partial(role, {
      title: 'jdgen base role, or a role that extends a base',
      description:
        'A base role, or a role that `extends` a base: any key may come from the base (or from jdgen.config.yaml), so none is required here. jdgen checks the merged role against role.schema.json. Generated from role.schema.json.',
      optional: new Set(['organization', 'document', 'position']),
      required: [],
    }),
    'role-configured': partial(role, {
      title: 'jdgen role below a jdgen.config.yaml',
      description: `A role that extends no base, in a folder with a jdgen.config.yaml: ${[...fromConfig].map((k) => `\`${k}\``).join(', ')} may come from the config, every other key of a complete role is required. jdgen checks the merged role against role.schema.json. Generated from role.schema.json.`,
      optional: new Set(['organization']),
      required: required.filter((key) => !fromConfig.has(key)),
    }),
  };
}

function partial(role: Schema, options: { title: string; description: string; optional: Set<string>; required: string[] }): Schema {
  const properties = Object.fromEntries(
    Object.entries(role.properties as Record<string, Schema>).map(([key, property]) => [
      key,
      options.optional.has(key) ? withoutRequired(pointingAtRole(property)) : { description: property.description, $ref: `${ROLE}#/properties/${key}` },
    ]),
  );
  return {
    $schema: role.$schema,
    $comment:
      'Generated from role.schema.json (test/helpers/partial-schemas.ts): edit that file, then run UPDATE_SCHEMAS=1 npx vitest run test/unit/schemas.test.ts.',
    title: options.title,
    description: options.description,
    type: 'object',
    additionalProperties: false,
    ...(options.required.length > 0 ? { required: options.required } : {}),
    properties,
  };
}

function withoutRequired(schema: Schema): Schema {
  const { required: _required, ...rest } = schema;
  return rest;
}

/** A copy of a subschema whose local refs (`#/$defs/text`) point into role.schema.json. */
function pointingAtRole(node: unknown): Schema {
  return JSON.parse(JSON.stringify(node), (key, value: unknown) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${ROLE}${value}` : value,
  ) as Schema;
}
