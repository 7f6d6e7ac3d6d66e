import { Background, Controls, getViewportForBounds, Handle, Position, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { toPng } from 'html-to-image';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GoalMapData, MapGoal, MapLinks } from '../../../../shared/vault/goal-map.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { hrefOf } from '../../navigation.ts';
import { ExternalLink } from '../../ui/ExternalLink.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useDateFormat, useRelativeTime } from '../../ui/format.ts';
import { layoutMap, type MapNodeData } from './map-layout.ts';

type MapNode = Node<{ readonly item: MapNodeData }>;

/** The goal map: a picture of me → goals → target profiles → people, events and sources, and the same as a list. */
export function GoalMapView() {
  const { t } = useTranslation();
  const map = useApiQuery('getGoalMap', {});
  const [mode, setMode] = useState<'picture' | 'list'>('picture');
  return (
    <section className="view goal-map-view" aria-labelledby="goal-map-title">
      <a className="back-link" href={hrefOf({ view: 'goals' })}>
        ← {t('goals.title')}
      </a>
      <header className="view-header">
        <div>
          <h1 id="goal-map-title">{t('goalMap.title')}</h1>
          <p className="view-meta">{t('goalMap.meta')}</p>
        </div>
        <div className="segmented" role="group" aria-label={t('goalMap.show')}>
          <button type="button" aria-pressed={mode === 'picture'} onClick={() => setMode('picture')}>
            {t('goalMap.picture')}
          </button>
          <button type="button" aria-pressed={mode === 'list'} onClick={() => setMode('list')}>
            {t('goalMap.list')}
          </button>
        </div>
      </header>
      <ErrorMessage error={map.error} />
      {map.data && map.data.goals.length === 0 ? <p className="empty">{t('goalMap.empty')}</p> : null}
      {map.data && map.data.goals.length > 0 ? (
        mode === 'picture' ? (
          <ReactFlowProvider>
            <MapPicture map={map.data} />
          </ReactFlowProvider>
        ) : (
          <MapList map={map.data} />
        )
      ) : null}
    </section>
  );
}

const nodeTypes = { item: ItemNode };

function MapPicture({ map }: { readonly map: GoalMapData }) {
  const { t } = useTranslation();
  const { nodes, edges } = useMemo(() => {
    const laidOut = layoutMap(map);
    return {
      nodes: laidOut.nodes.map((node): MapNode => ({ id: node.id, type: 'item', position: { x: node.x, y: node.y }, data: { item: node.data }, draggable: false, connectable: false })),
      edges: laidOut.edges.map((edge): Edge => ({ id: edge.id, source: edge.source, target: edge.target, className: edge.dashed ? 'map-edge gap' : 'map-edge' })),
    };
  }, [map]);
  const onNodeClick = (_: unknown, node: MapNode) => {
    const href = hrefOfItem(node.data.item);
    if (href) window.location.hash = href;
  };
  return (
    <div className="stack">
      <div className="map-toolbar">
        <Legend />
        <ExportButton />
      </div>
      <div className="goal-map" role="group" aria-label={t('goalMap.pictureAlt')}>
        <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} onNodeClick={onNodeClick} fitView minZoom={0.2} nodesConnectable={false} nodesDraggable={false} elementsSelectable={false} colorMode="system" proOptions={{ hideAttribution: false }}>
          <Background gap={24} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <p className="meta">{t('goalMap.keyboardHint')}</p>
    </div>
  );
}

function hrefOfItem(item: MapNodeData): string | undefined {
  switch (item.kind) {
    case 'contact':
      return hrefOf({ view: 'contact', id: item.contact.id });
    case 'event':
      return hrefOf({ view: 'event', id: item.event.id });
    case 'goal':
      return hrefOf({ view: 'contacts', goalId: item.goal.id });
    case 'more':
      return hrefOf({ view: 'contacts', goalId: item.goalId as MapGoal['id'] });
    case 'self':
    case 'profile':
    case 'source':
      return undefined;
  }
}

function ItemNode({ data }: NodeProps<MapNode>) {
  const { t } = useTranslation();
  const item = data.item;
  const body = (() => {
    switch (item.kind) {
      case 'self':
        return (
          <div className="map-node map-self">
            <strong>{t('goalMap.me')}</strong>
            {item.careerGoal ? <span className="map-sub">{item.careerGoal}</span> : null}
          </div>
        );
      case 'goal':
        return (
          <div className={`map-node map-goal priority-${item.goal.priority}${item.goal.quiet ? ' quiet' : ''}`}>
            <strong>{item.goal.title}</strong>
            <span className="map-sub">
              {t(`goals.priority.${item.goal.priority}`)} · {t('goals.people', { count: item.goal.counts.contacts })}
              {item.goal.quiet ? ` · ${t('goalMap.quiet')}` : null}
            </span>
          </div>
        );
      case 'profile':
        return (
          <div className={`map-node map-profile${item.profile.gap ? ' gap' : ''}`}>
            <strong>{item.profile.title}</strong>
            <span className="map-sub">{item.profile.gap ? t('goals.gap') : t('goals.reached', { count: item.profile.counts.reached })}</span>
          </div>
        );
      case 'contact':
        return (
          <div className={`map-node map-contact map-stage-${item.contact.stage}`}>
            <strong>{item.contact.name}</strong>
            <span className="map-sub">{t(`contact.stage.${item.contact.stage}`)}</span>
          </div>
        );
      case 'more':
        return <div className="map-node map-more">{t('goalMap.more', { count: item.count })}</div>;
      case 'event':
        return (
          <div className="map-node map-event">
            <span className="map-kind">{t('goalMap.event')}</span> <strong>{item.event.title}</strong>
          </div>
        );
      case 'source':
        return (
          <div className="map-node map-source">
            <span className="map-kind">{t(`sources.kind.${item.source.kind}`)}</span> <strong>{item.source.title}</strong>
          </div>
        );
    }
  })();
  return (
    <>
      {item.kind !== 'self' ? <Handle type="target" position={Position.Left} isConnectable={false} /> : null}
      {body}
      {item.kind === 'self' || item.kind === 'goal' || item.kind === 'profile' ? <Handle type="source" position={Position.Right} isConnectable={false} /> : null}
    </>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <ul className="map-legend" aria-label={t('goalMap.legend')}>
      <li>
        <span className="legend-swatch gap" aria-hidden="true" /> {t('goalMap.legendGap')}
      </li>
      <li>
        <span className="legend-swatch quiet" aria-hidden="true" /> {t('goalMap.legendQuiet')}
      </li>
      <li>
        <span className="legend-swatch stage-target" aria-hidden="true" /> {t('goalMap.legendStages')}
      </li>
    </ul>
  );
}

const EXPORT_PADDING = 40;

/** Saves the whole map (not only what is on screen) as a PNG the user chooses where to keep. */
function ExportButton() {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const onExport = async () => {
    const viewport = document.querySelector<HTMLElement>('.goal-map .react-flow__viewport');
    if (!viewport) return;
    setBusy(true);
    setFailed(false);
    try {
      // Through the instance: it measures the boxes as drawn (plain node objects carry no size).
      const bounds = flow.getNodesBounds(flow.getNodes().map((node) => node.id));
      const width = Math.ceil(bounds.width + 2 * EXPORT_PADDING);
      const height = Math.ceil(bounds.height + 2 * EXPORT_PADDING);
      const fit = getViewportForBounds(bounds, width, height, 0.2, 2, EXPORT_PADDING / Math.max(width, height));
      const background = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#ffffff';
      // skipFonts: the page may fetch nothing (CSP), and the system fonts are already in use.
      const png = await toPng(viewport, { backgroundColor: background, width, height, skipFonts: true, style: { width: `${width}px`, height: `${height}px`, transform: `translate(${fit.x}px, ${fit.y}px) scale(${fit.zoom})` } });
      const link = document.createElement('a');
      link.download = 'enishi-goal-map.png';
      link.href = png;
      link.click();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export">
      <button type="button" onClick={() => void onExport()} disabled={busy} aria-describedby="export-note">
        {t('goalMap.export')}
      </button>
      <span id="export-note" className="meta">
        {failed ? t('goalMap.exportFailed') : t('goalMap.exportNote')}
      </span>
    </div>
  );
}

/** The same map as nested lists: every link reachable with the keyboard and read in order by a screen reader. */
function MapList({ map }: { readonly map: GoalMapData }) {
  const { t } = useTranslation();
  return (
    <div className="card map-list">
      <h2>{t('goalMap.me')}</h2>
      {map.self.careerGoal ? <p>{map.self.careerGoal}</p> : null}
      <ul aria-label={t('goals.list')}>
        {map.goals
          .filter((goal) => goal.status !== 'dropped')
          .map((goal) => (
            <li key={goal.id}>
              <GoalListItem goal={goal} />
            </li>
          ))}
      </ul>
    </div>
  );
}

function GoalListItem({ goal }: { readonly goal: MapGoal }) {
  const { t } = useTranslation();
  const relative = useRelativeTime();
  return (
    <>
      <a href={hrefOf({ view: 'contacts', goalId: goal.id })}>
        <strong>{goal.title}</strong>
      </a>{' '}
      <span className="meta">
        {t(`goals.priority.${goal.priority}`)} · {t('goals.people', { count: goal.counts.contacts })} · {goal.lastActivityAt === null ? t('goalMap.noActivity') : t('goalMap.lastActivity', { when: relative(goal.lastActivityAt) })}
      </span>
      {goal.quiet ? <span className="gap-badge">{t('goalMap.quiet')}</span> : null}
      <ul>
        {goal.profiles.map((profile) => (
          <li key={profile.id}>
            {profile.title} {profile.gap ? <span className="gap-badge">{t('goals.gap')}</span> : <span className="meta">{t('goals.reached', { count: profile.counts.reached })}</span>}
            <LinkList links={profile} goalId={goal.id} />
          </li>
        ))}
      </ul>
      <LinkList links={goal} goalId={goal.id} />
    </>
  );
}

function LinkList({ links, goalId }: { readonly links: MapLinks; readonly goalId: MapGoal['id'] }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  if (links.contacts.length + links.events.length + links.sources.length === 0) return null;
  return (
    <ul>
      {links.contacts.map((contact) => (
        <li key={contact.id}>
          <a href={hrefOf({ view: 'contact', id: contact.id })}>{contact.name}</a> <span className={`stage-badge stage-${contact.stage}`}>{t(`contact.stage.${contact.stage}`)}</span>
        </li>
      ))}
      {links.moreContacts > 0 ? (
        <li>
          <a href={hrefOf({ view: 'contacts', goalId })}>{t('goalMap.more', { count: links.moreContacts })}</a>
        </li>
      ) : null}
      {links.events.map((event) => (
        <li key={event.id}>
          {t('goalMap.event')}: <a href={hrefOf({ view: 'event', id: event.id })}>{event.title}</a> <span className="meta">{format.date(event.startsAt)}</span>
        </li>
      ))}
      {links.sources.map((source) => (
        <li key={source.id}>
          {t(`sources.kind.${source.kind}`)}: {source.title} {source.url ? <ExternalLink className="meta source-url" href={source.url} /> : null}
        </li>
      ))}
    </ul>
  );
}
