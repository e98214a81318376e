/** The custom React Flow nodes of the route graph: alias, strategy, and target/rule cards. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { Icon } from '../../../components/ui/icons';
import type { FlowNode } from '../model/graph';
import { moveTargetBy } from '../model/ops';
import { useEditor } from './editor-context';

const KIND_LABEL: Record<string, string> = { alias: 'Model alias', strategy: 'Strategy', provider: 'Model', ref: 'Route', rule: 'Rule', default: 'Default' };

function NodeCard({ data, children }: { data: FlowNode['data']; children?: React.ReactNode }) {
  const invalid = data.issues.length > 0;
  return (
    <div className="rf-node" data-kind={data.kind} data-invalid={invalid}>
      <span className="rf-kind">
        <span>
          {KIND_LABEL[data.kind]}
          {data.index !== undefined ? ` · #${data.index + 1}` : ''}
        </span>
        {children}
      </span>
      <span className="rf-title">{data.title}</span>
      <span className="rf-sub">{data.subtitle}</span>
      {invalid ? (
        <span className="rf-issue">
          {data.issues[0]}
          {data.issues.length > 1 ? ` (+${data.issues.length - 1})` : ''}
        </span>
      ) : null}
    </div>
  );
}

/** Up/down buttons on a target node: reordering without dragging. */
function MoveButtons({ data }: { data: FlowNode['data'] }) {
  const { edit } = useEditor();
  const { targetId, index, siblings } = data;
  if (targetId === undefined || index === undefined || siblings === undefined || siblings < 2) return null;
  return (
    <span className="rf-move nodrag">
      <button type="button" className="nodrag" aria-label={`Move ${data.title} up`} disabled={index === 0} onClick={() => edit((m) => moveTargetBy(m, targetId, -1))}>
        <Icon name="up" size={13} />
      </button>
      <button type="button" className="nodrag" aria-label={`Move ${data.title} down`} disabled={index === siblings - 1} onClick={() => edit((m) => moveTargetBy(m, targetId, 1))}>
        <Icon name="down" size={13} />
      </button>
    </span>
  );
}

export function AliasNode({ data }: NodeProps<FlowNode>) {
  return (
    <>
      <NodeCard data={data} />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </>
  );
}

export function StrategyNode({ data }: NodeProps<FlowNode>) {
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <NodeCard data={data}>
        <MoveButtons data={data} />
      </NodeCard>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </>
  );
}

export function TargetNode({ data }: NodeProps<FlowNode>) {
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <NodeCard data={data}>
        <MoveButtons data={data} />
      </NodeCard>
    </>
  );
}

export const nodeTypes = { alias: AliasNode, strategy: StrategyNode, target: TargetNode };
