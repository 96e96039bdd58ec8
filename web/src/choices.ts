import { useQuery } from './ui';

export interface Choices {
  parts: {
    nodes: { id: string; roman: string; name: string; chapters: { id: string; number: number; title: string }[] }[];
  };
  careerPaths: { nodes: { id: string; name: string }[] };
  specializations: { nodes: { id: string; name: string }[] };
}

/** The roles, specializations and chapters a plan can be made for (one request). */
export const useChoices = () => useQuery<Choices>('Choices', {});

export const chaptersOf = (choices: Choices) =>
  choices.parts.nodes.flatMap((p) => p.chapters).sort((a, b) => a.number - b.number);
