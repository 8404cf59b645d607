import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * One field of a query as its resolver sees it: the field nodes merged under its response name
 * and the document's fragments (a GraphQLResolveInfo is one).
 */
export interface FieldSelection {
  readonly fieldNodes: readonly FieldNode[];
  readonly fragments: GraphQLResolveInfo['fragments'];
}

function collect(selectionSet: SelectionSetNode | undefined, fragments: FieldSelection['fragments'], into: FieldNode[]): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, fragments, into);
    else collect(fragments[selection.name.value]?.selectionSet, fragments, into);
  }
}

/**
 * The fields selected directly on the value of a field (through fragments too, whatever their
 * type condition and directives: a look-ahead may read more than is asked, never less).
 */
export function selectedFields(selection: FieldSelection): FieldNode[] {
  const into: FieldNode[] = [];
  for (const node of selection.fieldNodes) collect(node.selectionSet, selection.fragments, into);
  return into;
}

/** The selection of the sub-field `name` of a field: every node selecting it, whatever its alias. */
export function subField(selection: FieldSelection, name: string): FieldSelection {
  return { fieldNodes: selectedFields(selection).filter((f) => f.name.value === name), fragments: selection.fragments };
}
