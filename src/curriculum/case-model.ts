import { uuidFor } from './uuid.js';

/**
 * A CASE 1.1 framework (1EdTech Competencies and Academic Standards Exchange) kept without URIs: one CFDocument, its
 * CFItems and CFAssociations, and the definitions they use. The same framework renders as a CFPackage (an export) or
 * as the standalone objects of the CASE REST provider, each with the URIs of where it is served.
 *
 * Identifiers are name-based UUIDs, so a framework built twice from the same data has the same identifiers.
 * Definitions (item types, the licence, association groupings) are shared by every framework of this API.
 */
export type CaseClass =
  'CFDocuments' | 'CFPackages' | 'CFItems' | 'CFAssociations' | 'CFItemTypes' | 'CFLicenses' | 'CFAssociationGroupings';

/** A URI for an object, given its class (the provider's path segment) and identifier. */
export type UriOf = (cls: CaseClass, identifier: string) => string;

/** Exports outside the provider: `urn:uuid:` URIs, valid and stable, not network-resolvable. */
export const urnUris: UriOf = (_cls, identifier) => `urn:uuid:${identifier}`;

export type ItemTypeName = 'Part' | 'Chapter' | 'Concept' | 'Learning Objective' | 'Module';
export type GroupingName = 'Prerequisites' | 'Sequence';
export type AssociationType = 'isChildOf' | 'precedes' | 'exactMatchOf' | 'ext:isPrerequisiteOf';

export interface CaseDocument {
  identifier: string;
  title: string;
  creator: string;
  publisher: string;
  description: string;
  subject: string[];
  language: string;
  version?: string;
  adoptionStatus: string;
  officialSourceURL?: string;
  notes: string;
  lastChangeDateTime: string;
}

export interface CaseItem {
  identifier: string;
  fullStatement: string;
  abbreviatedStatement?: string;
  humanCodingScheme: string;
  listEnumeration?: string;
  CFItemType: ItemTypeName;
  notes?: string;
  /** CASE has no item field for a web page: a chapter's page on the textbook's site travels as an extension. */
  extensions?: { url: string };
  lastChangeDateTime: string;
}

/** The end of an association: an item or document of this framework or of another one this API serves. */
export interface CaseRef {
  identifier: string;
  title: string;
  cls: 'CFItems' | 'CFDocuments';
}

export interface CaseAssociation {
  identifier: string;
  associationType: AssociationType;
  origin: CaseRef;
  destination: CaseRef;
  sequenceNumber?: number;
  notes?: string;
  grouping?: GroupingName;
  lastChangeDateTime: string;
}

export interface Framework {
  document: CaseDocument;
  items: CaseItem[];
  associations: CaseAssociation[];
  /** When the definitions last changed (the course's change date). */
  definitionsChanged: string;
}

export const LANGUAGE = 'en';
export const CREATOR = 'mlsys-graph';

export const LICENSE = {
  identifier: uuidFor('license|CC-BY-NC-SA-4.0'),
  title: 'Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International (CC BY-NC-SA 4.0)',
  description: 'The licence of the knowledge base, derived from MLSysBook by Vijay Janapa Reddi and contributors.',
  licenseText:
    'The knowledge base behind this framework is derived from MLSysBook by Vijay Janapa Reddi and contributors ' +
    '(Harvard University). You may copy, adapt and share it for non-commercial purposes, provided you credit its ' +
    'authors, indicate changes, and share what you build from it under the same licence. The legal code is at ' +
    'https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode.',
};

const ITEM_TYPES: Record<ItemTypeName, { code: string; description: string }> = {
  Part: { code: '1', description: 'A part of the course: a group of chapters around one theme.' },
  Chapter: { code: '2', description: 'A chapter of the course and textbook.' },
  Module: { code: '2', description: 'One week of a course plan: the concepts taught in that week.' },
  Concept: { code: '3', description: 'A concept to learn, with its estimated study hours.' },
  'Learning Objective': { code: '4', description: 'What a learner can do once the concepts it names are learned.' },
};

const GROUPINGS: Record<GroupingName, string> = {
  Prerequisites:
    'Each prerequisite edge twice: `precedes` for consumers that know only the standard types, and ' +
    '`ext:isPrerequisiteOf` saying the origin must be learned before the destination; `notes` gives the reason.',
  Sequence: 'The order of parts, chapters or weekly modules.',
};

export const itemTypeId = (name: ItemTypeName) => uuidFor(`itemtype|${name}`);
export const groupingId = (name: GroupingName) => uuidFor(`grouping|${name}`);
export const ITEM_TYPE_NAMES = Object.keys(ITEM_TYPES) as ItemTypeName[];
export const GROUPING_NAMES = Object.keys(GROUPINGS) as GroupingName[];

export const hoursText = (hours: number) => `${hours} study hour${hours === 1 ? '' : 's'}`;

/** Builds a framework's associations with identifiers derived from the framework, type and ends. */
export function associations(scope: string, changed: string) {
  const list: CaseAssociation[] = [];
  const add = (
    associationType: AssociationType,
    origin: CaseRef,
    destination: CaseRef,
    extra: Pick<CaseAssociation, 'sequenceNumber' | 'notes' | 'grouping'> = {},
  ) =>
    list.push({
      identifier: uuidFor(`${scope}|${associationType}|${origin.identifier}|${destination.identifier}`),
      associationType,
      origin,
      destination,
      ...extra,
      lastChangeDateTime: changed,
    });
  /** A prerequisite edge: `precedes` and the extension type, both in the Prerequisites grouping. */
  const prerequisite = (before: CaseRef, after: CaseRef, reason: string) => {
    add('precedes', before, after, { notes: reason, grouping: 'Prerequisites' });
    add('ext:isPrerequisiteOf', before, after, { notes: reason, grouping: 'Prerequisites' });
  };
  return { list, add, prerequisite };
}

export const refOf = (item: CaseItem): CaseRef => ({
  identifier: item.identifier,
  title: item.abbreviatedStatement ?? item.fullStatement,
  cls: 'CFItems',
});

// ---- rendering ----

const link = (uri: UriOf, cls: CaseClass, identifier: string, title: string) => ({
  title,
  identifier,
  uri: uri(cls, identifier),
});

export function licenseObject(uri: UriOf, changed: string) {
  return { ...LICENSE, uri: uri('CFLicenses', LICENSE.identifier), lastChangeDateTime: changed };
}

export function itemTypeObject(uri: UriOf, name: ItemTypeName, changed: string) {
  const identifier = itemTypeId(name);
  return {
    identifier,
    uri: uri('CFItemTypes', identifier),
    title: name,
    description: ITEM_TYPES[name].description,
    hierarchyCode: ITEM_TYPES[name].code,
    lastChangeDateTime: changed,
  };
}

export function groupingObject(uri: UriOf, name: GroupingName, changed: string) {
  const identifier = groupingId(name);
  return {
    identifier,
    uri: uri('CFAssociationGroupings', identifier),
    title: name,
    description: GROUPINGS[name],
    lastChangeDateTime: changed,
  };
}

function documentObject(uri: UriOf, fw: Framework) {
  const d = fw.document;
  return {
    ...d,
    uri: uri('CFDocuments', d.identifier),
    caseVersion: '1.1',
    licenseURI: link(uri, 'CFLicenses', LICENSE.identifier, LICENSE.title),
  };
}

function itemObject(uri: UriOf, item: CaseItem) {
  return {
    ...item,
    uri: uri('CFItems', item.identifier),
    language: LANGUAGE,
    CFItemTypeURI: link(uri, 'CFItemTypes', itemTypeId(item.CFItemType), item.CFItemType),
  };
}

function associationObject(uri: UriOf, a: CaseAssociation) {
  const { origin, destination, grouping, ...rest } = a;
  return {
    ...rest,
    uri: uri('CFAssociations', a.identifier),
    originNodeURI: link(uri, origin.cls, origin.identifier, origin.title),
    destinationNodeURI: link(uri, destination.cls, destination.identifier, destination.title),
    ...(grouping
      ? { CFAssociationGroupingURI: link(uri, 'CFAssociationGroupings', groupingId(grouping), grouping) }
      : {}),
  };
}

/** The whole framework as a CFPackage, with the definitions its items and associations use. */
export function toPackage(fw: Framework, uri: UriOf = urnUris) {
  const types = ITEM_TYPE_NAMES.filter((t) => fw.items.some((i) => i.CFItemType === t));
  const groupings = GROUPING_NAMES.filter((g) => fw.associations.some((a) => a.grouping === g));
  return {
    CFDocument: documentObject(uri, fw),
    CFItems: fw.items.map((i) => itemObject(uri, i)),
    CFAssociations: fw.associations.map((a) => associationObject(uri, a)),
    CFDefinitions: {
      CFItemTypes: types.map((t) => itemTypeObject(uri, t, fw.definitionsChanged)),
      CFLicenses: [licenseObject(uri, fw.definitionsChanged)],
      CFAssociationGroupings: groupings.map((g) => groupingObject(uri, g, fw.definitionsChanged)),
    },
  };
}

// Outside a package, each object names the document (and a document its package) it belongs to.

export function standaloneDocument(fw: Framework, uri: UriOf) {
  const d = fw.document;
  return { ...documentObject(uri, fw), CFPackageURI: link(uri, 'CFPackages', d.identifier, d.title) };
}

const documentLink = (fw: Framework, uri: UriOf) => link(uri, 'CFDocuments', fw.document.identifier, fw.document.title);

export function standaloneItem(fw: Framework, item: CaseItem, uri: UriOf) {
  return { ...itemObject(uri, item), CFDocumentURI: documentLink(fw, uri) };
}

export function standaloneAssociation(fw: Framework, a: CaseAssociation, uri: UriOf) {
  return { ...associationObject(uri, a), CFDocumentURI: documentLink(fw, uri) };
}

/** An item with every association of its framework that starts or ends at it (CASE's CFAssociationSet). */
export function itemAssociations(fw: Framework, item: CaseItem, uri: UriOf) {
  return {
    CFItem: standaloneItem(fw, item, uri),
    CFAssociations: fw.associations
      .filter((a) => a.origin.identifier === item.identifier || a.destination.identifier === item.identifier)
      .map((a) => associationObject(uri, a)),
  };
}
