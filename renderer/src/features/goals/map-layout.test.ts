import { describe, expect, test } from 'vitest';
import type { GoalId, ProfileId } from '../../../../shared/domain/ids.ts';
import type { GoalMapData, MapGoal } from '../../../../shared/vault/goal-map.ts';
import { layoutMap } from './map-layout.ts';

const none = { contacts: [], moreContacts: 0, events: [], sources: [] };

function goal(n: number, profiles: number, contactsEach: number): MapGoal {
  return {
    id: `g${String(n).padStart(16, '0')}` as GoalId,
    title: `Goal ${n}`,
    why: '',
    horizon: '',
    status: 'active',
    priority: 'medium',
    createdAt: n,
    updatedAt: n,
    counts: { contacts: 0, reached: 0 },
    lastActivityAt: null,
    quiet: false,
    ...none,
    events: [{ id: `e${n}` as never, title: 'Meetup', startsAt: 0 }],
    profiles: Array.from({ length: profiles }, (_, p) => ({
      id: `p${String(n * 10 + p).padStart(16, '0')}` as ProfileId,
      title: `Profile ${p}`,
      description: '',
      counts: { contacts: contactsEach, reached: 0 },
      gap: true,
      ...none,
      contacts: Array.from({ length: contactsEach }, (_, c) => ({ id: `c${n}${p}${c}` as never, name: `Person ${c}`, stage: 'target' as const, lastInteractionAt: null })),
    })),
  };
}

const map: GoalMapData = { self: { strengths: '', interests: '', values: '', careerGoal: 'Independent' }, goals: [goal(1, 2, 3), goal(2, 0, 0), goal(3, 1, 5)] };

describe('goal map layout', () => {
  test('the same data draws the same map', () => {
    expect(layoutMap(structuredClone(map))).toEqual(layoutMap(map));
  });

  test('columns go me → goals → profiles → people, events and sources; no two boxes share a place', () => {
    const { nodes, edges } = layoutMap(map);
    const byId = new Map(nodes.map((node) => [node.id, node]));
    for (const edge of edges) expect(byId.get(edge.target)!.x).toBeGreaterThan(byId.get(edge.source)!.x);
    const column = (kind: string) => new Set(nodes.filter((n) => n.data.kind === kind).map((n) => n.x));
    expect([...column('self'), ...column('goal'), ...column('profile'), ...column('contact')]).toEqual([0, 280, 610, 940]);
    expect(column('event')).toEqual(column('contact'));
    const places = nodes.map((node) => `${node.x}:${node.y}`);
    expect(new Set(places).size).toBe(places.length);
  });

  test('a profile nobody is reached for hangs by a dashed line', () => {
    const { edges } = layoutMap(map);
    expect(edges.filter((edge) => edge.dashed).map((edge) => edge.target)).toEqual(map.goals.flatMap((g) => g.profiles.map((p) => p.id)));
  });
});
