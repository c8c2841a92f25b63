/** The playground page: wiring between the drop zone, the model table, the runs and generation. */
import {
  type BackendId,
  gruLanguageModelSpec,
  initializeWeights,
  type Model,
  type NamedTensors,
  saveModel,
} from '@rnnkit/core';
import { loadModel } from 'rnnkit';
import { drawChart } from './chart.js';
import { describeLayers } from './describe-model.js';
import { type Generation, generate, isLanguageModel } from './generate.js';
import { type DroppedFile, pickFiles, readDropped } from './pick-files.js';
import { type BackendResult, BROWSER_BACKENDS, runOnEveryBackend } from './run-backends.js';
import { sampleInputs } from './sample-inputs.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page holds; also read by the playwright test. */
const state: {
  model?: Model;
  format?: string;
  results?: BackendResult[];
  generation?: Generation;
  error?: string;
  busy: boolean;
} = { busy: false };
(globalThis as Record<string, unknown>).rnnkitPlayground = state;

function setStatus(text: string, isError = false) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', isError);
  if (isError) state.error = text;
}

function cell(row: HTMLTableRowElement, text: string, className?: string) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function header(table: HTMLTableElement, names: string[]) {
  const row = table.createTHead().insertRow();
  for (const name of names) {
    const th = document.createElement('th');
    th.textContent = name;
    row.append(th);
  }
}

async function openFiles(files: DroppedFile[]) {
  setStatus(`reading ${files.map((f) => f.name).join(', ')} ...`);
  state.error = undefined;
  try {
    const { main, companions } = pickFiles(files);
    const loaded = await loadModel(main.bytes, { name: main.name, files: companions });
    showModel(
      loaded.model,
      `${loaded.format}${loaded.detail ? ` (${loaded.detail})` : ''}`,
      main.name,
    );
    setStatus(`loaded ${main.name}`);
  } catch (error) {
    setStatus(error instanceof Error ? error.message : String(error), true);
  }
}

function showModel(model: Model, format: string, fileName: string) {
  state.model = model;
  state.format = format;
  state.results = undefined;
  state.generation = undefined;
  const { spec } = model;
  $('model').hidden = false;
  $('model-name').textContent = `${spec.name ?? fileName}`;
  const input =
    spec.input.type === 'tokens'
      ? `${spec.input.name}: token ids [batch, ${spec.input.timeSteps ?? 'time'}]`
      : `${spec.input.name}: [batch, ${spec.input.timeSteps ?? 'time'}, ${spec.input.size}]`;
  $('model-summary').textContent = `${format}. Input ${input}; output ${spec.output.name}.`;
  const table = $<HTMLTableElement>('layers');
  table.replaceChildren();
  header(table, ['layer', 'type', 'configuration', 'output shape', 'parameters']);
  const body = table.createTBody();
  for (const layer of describeLayers(spec, model.weights)) {
    const row = body.insertRow();
    cell(row, layer.name);
    cell(row, layer.type);
    cell(row, layer.detail);
    cell(row, layer.output);
    cell(row, layer.parameters.toLocaleString('en'), 'num');
  }
  $('backends').hidden = false;
  $('results').replaceChildren();
  $('chart').replaceChildren();
  const lm = isLanguageModel(model);
  $('generate').hidden = !lm;
  $('generated').textContent = '';
  if (lm) {
    const select = $<HTMLSelectElement>('generate-backend');
    select.replaceChildren(
      ...BROWSER_BACKENDS.map(
        (id) => new Option(id, id, id === 'ort-web-wasm', id === 'ort-web-wasm'),
      ),
    );
  }
}

function describeInputs(inputs: NamedTensors): string {
  return Object.entries(inputs)
    .map(([name, t]) => `${name} ${t.dtype} [${t.shape.join(', ')}]`)
    .join(', ');
}

async function runAll() {
  const model = state.model;
  if (!model || state.busy) return;
  state.busy = true;
  $<HTMLButtonElement>('run').disabled = true;
  const inputs = sampleInputs(model.spec);
  $('run-inputs').textContent = `seeded inputs: ${describeInputs(inputs)}`;
  const table = $<HTMLTableElement>('results');
  table.replaceChildren();
  header(table, ['backend', 'check', 'max |error|', 'tolerance', 'load ms', 'run ms', 'note']);
  const body = table.createTBody();
  const results: BackendResult[] = [];
  try {
    state.results = await runOnEveryBackend(model, inputs, (result) => {
      results.push(result);
      const row = body.insertRow();
      row.dataset.backend = result.id;
      cell(row, result.id);
      const verdict = { ok: 'ok', differs: 'DIFFERS', skipped: 'skipped', error: 'error' }[
        result.status
      ];
      cell(
        row,
        verdict,
        result.status === 'ok' ? 'ok' : result.status === 'skipped' ? 'skip' : 'bad',
      );
      cell(row, result.maxAbsError?.toExponential(2) ?? '', 'num');
      cell(
        row,
        result.tolerance
          ? `${result.tolerance.atol.toExponential(0)} + ${result.tolerance.rtol.toExponential(0)}·|x|`
          : '',
      );
      cell(row, result.loadMs?.toFixed(1) ?? '', 'num');
      cell(row, result.runMs?.toFixed(2) ?? '', 'num');
      cell(row, result.reason ?? '', 'skip');
      $('chart').replaceChildren(drawChart(results));
    });
  } catch (error) {
    setStatus(error instanceof Error ? error.message : String(error), true);
  } finally {
    state.busy = false;
    $<HTMLButtonElement>('run').disabled = false;
  }
}

async function runGeneration() {
  const model = state.model;
  if (!model || state.busy) return;
  state.busy = true;
  $<HTMLButtonElement>('generate-run').disabled = true;
  const id = $<HTMLSelectElement>('generate-backend').value as BackendId;
  const count = Number($<HTMLInputElement>('generate-count').value);
  const start = Number($<HTMLInputElement>('generate-start').value);
  $('generated').textContent = `generating on ${id} ...`;
  try {
    const generation = await generate(model, id, start, count);
    state.generation = generation;
    $('generated').textContent =
      `${generation.tokens.join(' ')}  (${generation.msPerToken.toFixed(2)} ms per token on ${id}; ` +
      `streamed vs one reference run: max |error| ${generation.maxAbsError.toExponential(2)}, ${generation.pass ? 'ok' : 'DIFFERS'})`;
  } catch (error) {
    $('generated').textContent = '';
    setStatus(error instanceof Error ? error.message : String(error), true);
  } finally {
    state.busy = false;
    $<HTMLButtonElement>('generate-run').disabled = false;
  }
}

async function openExample() {
  // Saved and read back like dropped files: the same path a user's spec + safetensors takes.
  const spec = gruLanguageModelSpec({ vocabularySize: 64, embeddingDim: 16, units: 32 });
  const saved = saveModel({ spec, weights: initializeWeights(spec, { seed: 1 }) });
  await openFiles([
    { name: 'gru-language-model.json', bytes: new TextEncoder().encode(saved.spec) },
    { name: 'gru-language-model.safetensors', bytes: saved.weights },
  ]);
}

const drop = $('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer?.files.length)
    await openFiles(await readDropped(event.dataTransfer.files));
});
$<HTMLInputElement>('files').addEventListener('change', async (event) => {
  const input = event.target as HTMLInputElement;
  if (input.files?.length) await openFiles(await readDropped(input.files));
});
$('example').addEventListener('click', openExample);
$('run').addEventListener('click', runAll);
$('generate-run').addEventListener('click', runGeneration);
setStatus('no model yet');
