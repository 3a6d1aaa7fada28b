// The shape of an inspect subject (scripts/inspect/<subject>.ts), apart from scripts/inspect.ts so that the
// subjects and the command that loads them do not import each other.
export interface InspectIo {
  stdin: NodeJS.ReadableStream;
  out: (line: string) => void;
}
export type InspectCommand = (args: string[], io: InspectIo) => Promise<number>;
