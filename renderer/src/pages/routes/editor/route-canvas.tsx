/**
 * The visual editor: the route as a graph on React Flow. Dragging a target up or down among its
 * siblings reorders it; clicking (or Enter on a focused node) selects it for the inspector.
 */
import { applyNodeChanges, Background, Controls, ReactFlow, useReactFlow, useStore, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { dropIndex, modelToGraph, ROW_HEIGHT, type FlowNode } from '../model/graph';
import { moveTarget } from '../model/ops';
import type { EditorIssue, RouteModel } from '../model/types';
import { nodeTypes } from './flow-nodes';

export interface RouteCanvasProps {
  name: string;
  model: RouteModel;
  issues: readonly EditorIssue[];
  selectedNodeId: string | null;
  onSelect(nodeId: string | null): void;
  onEdit(change: (model: RouteModel) => RouteModel): void;
}

const FIT = { padding: 0.15, maxZoom: 1 } as const;

/**
 * Re-fits the view when nodes are added or removed (not on every edit, which would jump), and
 * when the canvas changes size: another route's graph changes its height, and a fit made for the
 * old height would leave the graph off-centre, under the zoom controls. The size is React Flow's
 * own measurement, which fitView uses; the style height set below reaches it a little later.
 */
function FitOnShapeChange({ shape }: { shape: string }) {
  const { fitView } = useReactFlow();
  const size = useStore((state) => `${state.width}x${state.height}`);
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitView(FIT));
    return () => cancelAnimationFrame(frame);
  }, [shape, size, fitView]);
  return null;
}

export function RouteCanvas({ name, model, issues, selectedNodeId, onSelect, onEdit }: RouteCanvasProps) {
  const graph = useMemo(() => modelToGraph(name, model, issues), [name, model, issues]);
  const [nodes, setNodes] = useState<FlowNode[]>(graph.nodes);

  // A new layout (after any edit) replaces whatever positions a drag left behind.
  useEffect(() => {
    setNodes(graph.nodes.map((node) => ({ ...node, selected: node.id === selectedNodeId })));
  }, [graph, selectedNodeId]);

  /**
   * Selection flows one way, store → nodes. React Flow reports a user's click or Enter/Space on
   * a focused node as a `select` change; that is the only selection taken back from it
   * (its onSelectionChange can lag behind the controlled nodes and ping-pong with the store).
   */
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const picked = changes.find((change) => change.type === 'select' && change.selected);
      if (picked && picked.type === 'select' && picked.id !== selectedNodeId) onSelect(picked.id);
      setNodes((current) => applyNodeChanges(changes, current));
    },
    [onSelect, selectedNodeId],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, node: FlowNode) => {
      const { targetId, parentRouteId } = node.data;
      if (!targetId || !parentRouteId) return;
      const siblings = graph.nodes.filter((n) => n.data.parentRouteId === parentRouteId && n.data.targetId !== targetId).map((n) => n.position.y);
      const index = dropIndex(node.position.y, siblings);
      if (index === node.data.index) setNodes(graph.nodes.map((n) => ({ ...n, selected: n.id === selectedNodeId })));
      else onEdit((current) => moveTarget(current, targetId, index));
    },
    [graph, onEdit, selectedNodeId],
  );

  // Tall enough for the graph at about 1:1, so a small route does not float in empty space.
  const bottom = Math.max(0, ...graph.nodes.map((node) => node.position.y));
  const height = Math.min(720, Math.max(300, bottom + ROW_HEIGHT + 150));

  return (
    <div className="canvas" data-testid="route-canvas" style={{ height }}>
      <ReactFlow<FlowNode>
        nodes={nodes}
        edges={graph.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={(_event, node) => onSelect(node.id)}
        nodesConnectable={false}
        deleteKeyCode={null}
        fitView
        fitViewOptions={FIT}
        minZoom={0.3}
        maxZoom={1.5}
        proOptions={{ hideAttribution: true }}
        colorMode="system"
        aria-label={`Route graph of ${name || 'the new route'}`}
      >
        <Background gap={20} size={1} color="var(--border-strong)" />
        {/* A row in the bottom-left corner: the alias and strategy nodes sit at mid-height on the left, the targets fill the right-hand column. */}
        <Controls showInteractive={false} orientation="horizontal" position="bottom-left" />
        <FitOnShapeChange shape={graph.nodes.map((node) => node.id).join(',')} />
      </ReactFlow>
    </div>
  );
}
