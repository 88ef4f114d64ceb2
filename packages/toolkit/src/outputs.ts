/** Outputs declared once, like inputs: the action sets them, docs and action.yml are checked against them. */
export interface OutputSpec {
  description: string;
}
export type OutputSchema = Record<string, OutputSpec>;

export type OutputValues<S extends OutputSchema> = { [K in keyof S]: string };
