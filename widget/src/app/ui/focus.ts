/**
 * The visitor is on the Chat/Help tabs: a view that appears leaves the focus there, so the
 * arrow keys keep moving between tabs.
 */
export const onTab = (node: Node | null | undefined) => (node?.getRootNode() as Document | undefined)?.activeElement?.getAttribute('role') === 'tab';
