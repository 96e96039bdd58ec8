/** Types of build-changed.mjs, for the tests. */
export function fingerprint(roots: string[], skip?: string[]): string;
export function buildIfChanged(target: {
  inputs: string[];
  skip: string[];
  output: string;
  stamp: string;
  build: () => void;
}): boolean;
