/**
 * Where each box of the goal map goes: me on the left, then goals, their target profiles, and the
 * people, events and sources linked to each. A pure function of the data, in the data's own order,
 * so the same vault draws the same map on every load.
 */
import type { GoalMapData, MapContact, MapEvent, MapGoal, MapProfile, MapSource } from '../../../../shared/vault/goal-map.ts';

export type MapNodeData =
  | { readonly kind: 'self'; readonly careerGoal: string }
  | { readonly kind: 'goal'; readonly goal: MapGoal }
  | { readonly kind: 'profile'; readonly profile: MapProfile; readonly goalId: string }
  | { readonly kind: 'contact'; readonly contact: MapContact }
  | { readonly kind: 'more'; readonly count: number; readonly goalId: string }
  | { readonly kind: 'event'; readonly event: MapEvent }
  | { readonly kind: 'source'; readonly source: MapSource };

export interface LaidOutNode {
  readonly id: string;
  readonly data: MapNodeData;
  readonly x: number;
  readonly y: number;
}

export interface LaidOutEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Drawn dashed: a gap (a profile no one is reached for). */
  readonly dashed: boolean;
}

const COLUMN_X = [0, 280, 610, 940] as const;
const ROW_HEIGHT = 64;
const GROUP_GAP = 24;

interface TreeNode {
  readonly id: string;
  readonly data: MapNodeData;
  readonly children: readonly TreeNode[];
}

function leavesOf(links: { contacts: readonly MapContact[]; moreContacts: number; events: readonly MapEvent[]; sources: readonly MapSource[] }, parentId: string, goalId: string): TreeNode[] {
  return [
    ...links.contacts.map((contact) => ({ id: `${parentId}/${contact.id}`, data: { kind: 'contact', contact } as const, children: [] })),
    ...(links.moreContacts > 0 ? [{ id: `${parentId}/more`, data: { kind: 'more', count: links.moreContacts, goalId } as const, children: [] }] : []),
    ...links.events.map((event) => ({ id: `${parentId}/${event.id}`, data: { kind: 'event', event } as const, children: [] })),
    ...links.sources.map((source) => ({ id: `${parentId}/${source.id}`, data: { kind: 'source', source } as const, children: [] })),
  ];
}

export function mapTree(map: GoalMapData): TreeNode {
  return {
    id: 'self',
    data: { kind: 'self', careerGoal: map.self.careerGoal },
    children: map.goals
      .filter((goal) => goal.status !== 'dropped')
      .map((goal) => ({
        id: goal.id,
        data: { kind: 'goal', goal },
        children: [
          ...goal.profiles.map((profile) => ({ id: profile.id, data: { kind: 'profile', profile, goalId: goal.id } as const, children: leavesOf(profile, profile.id, goal.id) })),
          ...leavesOf(goal, goal.id, goal.id),
        ],
      })),
  };
}

export function layoutMap(map: GoalMapData): { nodes: LaidOutNode[]; edges: LaidOutEdge[] } {
  const nodes: LaidOutNode[] = [];
  const edges: LaidOutEdge[] = [];
  let cursor = 0;
  /** Leaves take the next row; a parent sits level with the middle of its children. */
  const place = (node: TreeNode, depth: number): number => {
    let y: number;
    if (node.children.length === 0) {
      y = cursor;
      cursor += ROW_HEIGHT;
    } else {
      const ys = node.children.map((child) => {
        // People, events and sources sit in the last column, also when linked to a goal directly.
        const leaf = child.data.kind !== 'goal' && child.data.kind !== 'profile';
        const childDepth = leaf ? 3 : depth + 1;
        const childY = place(child, childDepth);
        edges.push({ id: `${node.id}->${child.id}`, source: node.id, target: child.id, dashed: child.data.kind === 'profile' && child.data.profile.gap });
        return childY;
      });
      y = (ys[0]! + ys[ys.length - 1]!) / 2;
      if (depth <= 1) cursor += GROUP_GAP;
    }
    nodes.push({ id: node.id, data: node.data, x: COLUMN_X[Math.min(depth, 3) as 0 | 1 | 2 | 3], y });
    return y;
  };
  place(mapTree(map), 0);
  return { nodes, edges };
}
