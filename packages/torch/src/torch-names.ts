/**
 * PyTorch's parameter names. nn.RNN / nn.LSTM / nn.GRU register, per layer k and direction:
 *   weight_ih_l{k}[_reverse] [gates*hidden, input]   weight_hh_l{k}[_reverse] [gates*hidden, hidden]
 *   bias_ih_l{k}[_reverse]   [gates*hidden]          bias_hh_l{k}[_reverse]   [gates*hidden]
 *   weight_hr_l{k}[_reverse] [proj, hidden]          (LSTM with proj_size only)
 * nn.Linear: weight [out, in], bias [out]. nn.Embedding: weight [num, dim].
 * A submodule's names are prefixed with its attribute path and a dot.
 */

export type RecurrentParameter = 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh' | 'weight_hr';

export type ParsedName =
  | {
      group: 'recurrent';
      prefix: string;
      parameter: RecurrentParameter;
      layer: number;
      reverse: boolean;
    }
  | { group: 'plain'; prefix: string; parameter: 'weight' | 'bias' };

const RECURRENT =
  /^(?:(.*)\.)?(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(0|[1-9][0-9]{0,3})(_reverse)?$/;
const PLAIN = /^(?:(.*)\.)?(weight|bias)$/;

/** Undefined for a name no supported module registers (a BatchNorm buffer, a Conv's weight, ...). */
export function parseTorchName(name: string): ParsedName | undefined {
  const recurrent = RECURRENT.exec(name);
  if (recurrent) {
    return {
      group: 'recurrent',
      prefix: recurrent[1] ?? '',
      parameter: recurrent[2] as RecurrentParameter,
      layer: Number(recurrent[3]),
      reverse: recurrent[4] !== undefined,
    };
  }
  const plain = PLAIN.exec(name);
  if (plain)
    return { group: 'plain', prefix: plain[1] ?? '', parameter: plain[2] as 'weight' | 'bias' };
  return undefined;
}

export function joinName(prefix: string, parameter: string): string {
  return prefix === '' ? parameter : `${prefix}.${parameter}`;
}

export function recurrentName(
  prefix: string,
  parameter: RecurrentParameter,
  layer: number,
  reverse: boolean,
): string {
  return joinName(prefix, `${parameter}_l${layer}${reverse ? '_reverse' : ''}`);
}

/** How a prefix is quoted in messages ('' is the state dict's top level). */
export function describePrefix(prefix: string): string {
  return prefix === '' ? 'the top-level module' : `module '${prefix}'`;
}
