/**
 * JSON Schemas (draft 2020-12) of kil's files, for editors: with yaml-language-server (VS Code's
 * YAML extension and others) a commissioner gets completion, hover help and red squiggles while
 * typing a contract file. Made from the zod schemas by zod's own converter, with the field
 * metadata as titles, descriptions and examples, and the answers from the rubric questions. Pure.
 */
import * as z from 'zod/mini';
import { NOT_APPLICABLE } from '../load/contract.js';
import type { RubricLibrary } from '../load/library.js';
import { ActionSchema, ContractSchema } from '../model/contract.js';
import type { FieldMeta } from '../model/field-meta.js';
import { NO_CITATIONS, withLaw } from '../model/law-text.js';
import { PolicySchema } from '../model/policy.js';
import { RubricSetSchema } from '../model/rubric-set.js';
import { eachNested, type Schema, type SchemaNode } from '../model/schema-walk.js';
import type { Question } from '../model/rubric.js';
import { CouncilProfileSchema } from '../model/council.js';
import { RubricSchema } from '../model/rubric.js';

export const SCHEMA_NAMES = ['contract', 'council', 'rubric', 'rubric-set', 'policy'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

type Json = Record<string, unknown>;

const TITLES: Record<SchemaName, string> = {
  contract: 'kil contract file',
  council: 'kil council profile',
  rubric: 'kil rubric file',
  'rubric-set': 'kil rubric-set file',
  policy: 'kil policy file',
};

/** Field metadata in JSON Schema's words: title, description (with the choices), examples. */
function jsonMeta(meta: FieldMeta): Json {
  const choices = meta.choices ? Object.entries(meta.choices).map(([value, label]) => `${value}: ${label}`) : [];
  const description = [meta.help, meta.unit ? `In ${meta.unit}.` : undefined, meta.rule ? `Rule: ${meta.rule}.` : undefined, ...choices].filter(Boolean).join('\n');
  return {
    title: meta.label,
    ...(description ? { description } : {}),
    ...(meta.example !== undefined ? { examples: [meta.example] } : {}),
    // VS Code's YAML extension shows these beside each value in completion.
    ...(meta.choices ? { enumDescriptions: Object.values(meta.choices) } : {}),
  };
}

/** What an answer's value may be for a question, as the loader checks it (answerProblem). */
function answerValue(q: Question): Json {
  const na = q.not_applicable !== undefined ? [{ const: NOT_APPLICABLE, description: `Not applicable: ${withLaw(q.not_applicable, NO_CITATIONS)}` }] : [];
  const one = (schema: Json): Json => (na.length === 0 ? schema : { anyOf: [schema, ...na] });
  switch (q.type) {
    case 'yes_no':
      return one({ enum: ['yes', 'partly', 'no'] });
    case 'maturity':
      return one({ type: 'integer', minimum: 0, maximum: 4, description: q.levels.map((d, i) => `${i}: ${d}`).join('\n') });
    case 'choice':
      return one({ enum: q.options.map((o) => o.value), enumDescriptions: q.options.map((o) => o.label) });
    case 'number':
      return one({
        ...(q.integer ? { type: 'integer' } : { type: 'number' }),
        minimum: q.range.min,
        ...(q.range.max !== undefined ? { maximum: q.range.max } : {}),
        description: `In ${q.unit}.`,
      });
  }
}

/** Every question id with its allowed answers: the shorthand, null ("not sure yet"), or { value, note, evidence }. */
function answersSchema(library: RubricLibrary, scope?: 'council'): Json {
  const properties: Json = {};
  for (const [id, { question, area }] of library.questions) {
    // A council profile answers only the questions about the council.
    if (scope !== undefined && question.scope !== scope) continue;
    const value = answerValue(question);
    properties[id] = {
      title: `${id}: ${withLaw(question.prompt, NO_CITATIONS)}`,
      description: `${area.title}.${question.help ? ` ${withLaw(question.help, NO_CITATIONS)}` : ''}${question.derive ? ' Worked out from the procurement facts: answer only if you cannot give them.' : ''}${question.scope === 'council' ? ' About the council: answer it once in the council profile (council: PATH); an answer here overrides it.' : ''}`,
      anyOf: [
        value,
        { type: 'null', description: 'Not sure yet: the question stays unanswered.' },
        {
          type: 'object',
          properties: {
            value: { anyOf: [value, { type: 'null' }] },
            note: { type: 'string', description: 'A note on the answer.' },
            evidence: { type: 'string', description: 'The evidence for the answer: a document, link or reference. Without it the answer counts as asserted.' },
          },
          required: ['value'],
          additionalProperties: false,
        },
      ],
    };
  }
  return { type: 'object', description: 'The answers, keyed by question id ("kil rubric show" lists them).', properties, additionalProperties: false };
}

/** Every question id with the action that may be planned for it (actions: in a contract file). */
function actionsSchema(library: RubricLibrary, registry: z.core.$ZodRegistry<Record<string, unknown>>): Json {
  const { $schema: _drop, ...action } = converted(ActionSchema, registry);
  const properties: Json = {};
  for (const [id, { question, area }] of library.questions) {
    properties[id] = { ...action, title: `${id}: ${withLaw(question.prompt, NO_CITATIONS)}`, description: `The action for this question (${area.title}). It never changes the score.` };
  }
  return {
    type: 'object',
    title: 'The action plan',
    description: 'What will be done about a question, by whom and when, keyed by question id ("kil rubric show" lists them).',
    properties,
    additionalProperties: false,
  };
}

/** A registry for zod's converter: each field schema's metadata in JSON Schema terms. */
function metadataRegistry(): z.core.$ZodRegistry<Record<string, unknown>> {
  const registry = z.registry<Record<string, unknown>>();
  // The table knows the paths; the registry is keyed by the schema objects, so walk the schema.
  const add = (schema: Schema, { meta }: SchemaNode) => {
    if (meta) registry.add(schema, jsonMeta(meta));
  };
  eachNested(ContractSchema, add);
  eachNested(ActionSchema, add); // inside a record (keyed by question id), which the walk does not enter
  return registry;
}

function converted(schema: z.ZodMiniType, registry?: z.core.$ZodRegistry<Record<string, unknown>>): Json {
  return z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    // Refinements (dates that exist, sums of 100) have no JSON Schema form; kil checks them.
    unrepresentable: 'any',
    ...(registry ? { metadata: registry } : {}),
    override: (ctx) => {
      // Text is trimmed, then must not be empty: in JSON Schema, "has a non-space character".
      const js = ctx.jsonSchema as Json;
      if (js.type === 'string' && js.minLength === 1 && js.pattern === undefined) js.pattern = '\\S';
    },
  }) as Json;
}

export function renderJsonSchema(name: SchemaName, library: RubricLibrary): Json {
  let body: Json;
  switch (name) {
    case 'contract': {
      const registry = metadataRegistry();
      body = converted(ContractSchema, registry);
      const properties = body.properties as Json;
      properties.kil = { ...(properties.kil as Json), title: 'Contract file format version' };
      properties.procurement = { ...(properties.procurement as Json), title: 'The procurement facts' };
      properties.answers = answersSchema(library);
      properties.actions = actionsSchema(library, registry);
      break;
    }
    case 'council': {
      body = converted(CouncilProfileSchema);
      (body.properties as Json).answers = answersSchema(library, 'council');
      break;
    }
    case 'rubric':
      body = converted(RubricSchema);
      break;
    case 'rubric-set':
      body = converted(RubricSetSchema);
      break;
    case 'policy':
      body = converted(PolicySchema);
      break;
  }
  const { $schema, ...rest } = body;
  return { $schema, title: TITLES[name], ...rest };
}

/** The same as text, as written to schemas/NAME.schema.json. */
export function renderJsonSchemaText(name: SchemaName, library: RubricLibrary): string {
  return `${JSON.stringify(renderJsonSchema(name, library), null, 2)}\n`;
}
