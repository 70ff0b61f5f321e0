/**
 * The forecasting engine: baselines first, then the global network, then ensembles — every
 * candidate scored by a rolling-origin backtest on held-out data only, the best one (by mean MASE)
 * chosen for the dataset, its prediction intervals calibrated on the same backtest, and the final
 * forecast produced from all the data.
 *
 * Backtest geometry (per series of length n, horizon h, W windows, step s): origins
 * n − h − k·s for k = 0 … W−1. Statistical models are refitted at every origin. The network is
 * trained ONCE on data up to the earliest origin (its early-stopping set is the last window before
 * that origin) and forecasts every origin from there — no origin's actuals are ever seen in
 * training — then retrained on all data for the final forecast with the epoch count that won.
 */
import type { Frequency, Series } from '../types';
import { SEASONAL_PERIOD } from '../types';
import type { DatasetConfig } from '../schemas/config';
import type { PerSeriesSummary } from '../schemas/forecast';
import {
  STAT_MODELS,
  addEnsembles,
  combine,
  isFiniteAll,
  ensembleCandidates,
  ensembleLabel,
  scaleQuantiles,
  type ForecastSet,
  type PointAndQuantiles,
  type StatModel,
} from './candidates';
import { runStatPool } from './stat-pool';
import { ScoreBoard, type ModelScore, type Observation } from './scoring';
import { interpolateMissing } from './prepare';
import { fitEnsembleWeights } from './ensemble-weights';
import { calibrateIntervals } from './calibrate-intervals';
import { selectPerSeries, type PerSeriesSelection } from './per-series-selection';
import {
  concatWindowSets,
  defaultWindow,
  networkLevels,
  neuralView,
  predictNetwork,
  trainNetwork,
  windowsOf,
  type GlobalNetwork,
  type NeuralView,
  type WindowSet,
} from './neural';
import { addPeriods } from '../frequency';
import type { SeriesForecast } from './output';

export interface NeuralRuntime {
  /** Backend name actually running (tensorflow-gpu, tensorflow, wasm, cpu). */
  backend: string;
}

export interface EngineProgress {
  phase?(name: string, total: number): void;
  tick?(info?: string): void;
  epoch?(info: { stage: string; epoch: number; epochs: number; loss: number; valLoss?: number }): void;
}

export interface EngineInput {
  series: Series[];
  config: DatasetConfig;
  frequency: Frequency;
}

export interface EngineOptions {
  /** tfjs runtime for the network; null: statistical models and their ensemble only. */
  neural: NeuralRuntime | null;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  progress?: EngineProgress;
  /** Backtest windows (default: config.backtest.windows). */
  windows?: number;
  /** Cap on training windows per series (most recent first). */
  maxWindowsPerSeries?: number;
  /** Stop after the backtest (no final training or forecast): for `seqcast backtest`. */
  backtestOnly?: boolean;
  /** Also return every candidate's final forecast (benchmarks compare them on a test set). */
  keepCandidates?: boolean;
  /** Worker threads for the statistical fits (default: cores − 1, at most 4; 0: on this thread). */
  statWorkers?: number;
  /** Thresholds of the per-series check (defaults in `selectPerSeries`); for experiments and tests. */
  perSeriesCheck?: { minGain?: number; z?: number; minCases?: number };
}

export interface SearchPoint {
  units: number;
  layers: number;
  params: number;
  valMase: number | null;
  chosen: boolean;
}

export interface EngineResult {
  forecasts: SeriesForecast[];
  selectedModel: string;
  scores: ModelScore[];
  search: SearchPoint[];
  training: { epoch: number; loss: number; valLoss: number | null; lr?: number }[];
  timings: Record<string, number>;
  warnings: string[];
  backend: string;
  /** Calibration factor applied to the selected model's intervals. */
  intervalScale: number;
  perSeriesMase: Map<string, number>;
  network?: GlobalNetwork;
  /** Every candidate's final forecast, when `keepCandidates` was set. */
  candidates?: ForecastSet;
  /**
   * Per-series selection: the rule tried, its cross-origin score against the dataset's model, and
   * whether it was used (then `selectedModel` is `per-series`). Absent when it could not be checked.
   */
  perSeries?: PerSeriesSummary;
  /** Every candidate's backtest forecasts and the observations they were scored on, when `keepCandidates` was set. */
  backtest?: { set: ForecastSet; obs: Map<string, Observation> }[];
}

export const PER_SERIES = 'per-series';

const since = (t: number) => (Date.now() - t) / 1000;

export async function forecastDataset(input: EngineInput, opts: EngineOptions): Promise<EngineResult> {
  const { series, config, frequency } = input;
  const engineStarted = Date.now();
  const log = opts.log ?? (() => {});
  const h = config.horizon;
  const quantiles = config.quantiles;
  const period = config.decomposition.period ?? SEASONAL_PERIOD[frequency];
  const W = opts.windows ?? config.backtest.windows;
  const step = config.backtest.step ?? Math.max(1, Math.min(h, period > 1 ? period : h));
  const timings: Record<string, number> = {};
  const warnings: string[] = [];
  const cell = config.model.cell;
  const window = config.model.window ?? defaultWindow(period);
  const minTrain = Math.max(2 * period, 8);

  // ---------- data prep
  let t = Date.now();
  const ys = new Map<string, Float64Array>();
  for (const s of series) {
    try {
      ys.set(s.id, interpolateMissing(s.values).y);
    } catch (err) {
      warnings.push(`series "${s.id}" skipped: ${(err as Error).message}`);
    }
  }
  const usable = series.filter((s) => ys.has(s.id));
  const origins = (n: number) => Array.from({ length: W }, (_, k) => n - h - k * step).filter((o) => o >= minTrain);
  // One older origin, used only to check whether per-series selection pays (picks made there are
  // scored at the oldest regular origin). The network is trained before the oldest regular origin
  // o_W, on targets ending by o_W − h ≤ o_W − step: its forecasts from o_W − step are out of sample.
  const perSeriesOn = config.backtest.perSeries !== 'off';
  const checkOrigin = (n: number) => {
    const o = n - h - W * step;
    return perSeriesOn && o >= minTrain ? o : undefined;
  };
  timings.prep = since(t);

  // ---------- statistical candidates at every backtest origin and on all the data: fitted on
  // worker threads while this thread trains the network (stat-pool.ts); collected before use.
  t = Date.now();
  const board = new ScoreBoard(quantiles);
  // Forecast sets at the W backtest origins, then at the check origin: index k of a series' cuts.
  const allOrigins: { set: ForecastSet; obs: Map<string, Observation> }[] = Array.from({ length: W + 1 }, () => ({ set: new Map(), obs: new Map() }));
  const originSets = allOrigins.slice(0, W);
  const checkSet = allOrigins[W]!;
  const cutsOf = new Map<string, number[]>();
  for (const s of usable) {
    const y = ys.get(s.id)!;
    const os = origins(y.length);
    const oc = checkOrigin(y.length);
    const cuts = oc !== undefined && os.length === W ? [...os, oc] : os;
    cuts.forEach((o, k) => allOrigins[k]!.obs.set(s.id, { insample: y.subarray(0, o), actual: s.values.subarray(o, o + h), period }));
    cutsOf.set(s.id, cuts);
  }
  const statRun = runStatPool(
    usable.map((s) => {
      const y = ys.get(s.id)!;
      // The final forecast's fits too (from all the data), unless only the backtest is wanted.
      return { id: s.id, y, cuts: opts.backtestOnly ? cutsOf.get(s.id)! : [...cutsOf.get(s.id)!, y.length], h, period, quantiles };
    }),
    { workers: opts.statWorkers },
  );
  /** Every statistical model's forecast from all of each series' data. */
  const finalStat = new Map<string, Record<StatModel, PointAndQuantiles>>();
  let statsCollected: Promise<void> | undefined;
  const collectStats = () =>
    (statsCollected ??= (async () => {
      if (statRun.pending() > 0) {
        opts.progress?.phase?.('baselines', statRun.pending());
        statRun.onResult((id) => opts.progress?.tick?.(id));
      }
      const waited = Date.now();
      const results = await statRun.done;
      statRun.onResult(undefined);
      timings.baselinesWait = since(waited);
      const where = statRun.where();
      // Time the fits took where they ran (overlapping training when on workers), and the time this thread waited for them.
      timings.baselines = where.seconds;
      log('statistical models', { seconds: where.seconds, onWorkers: where.workers, inline: where.inline, waited: timings.baselinesWait });
      // In series order (not completion order): the same maps, in the same order, as fitted inline.
      for (const r of results) {
        const cuts = cutsOf.get(r.id)!;
        r.forecasts.forEach((f, k) => {
          if ('error' in f) throw new Error(`series "${r.id}": ${f.error}`);
          if (k === cuts.length) {
            finalStat.set(r.id, f);
            return;
          }
          const { set } = allOrigins[k]!;
          for (const m of STAT_MODELS) {
            if (!set.has(m)) set.set(m, new Map());
            set.get(m)!.set(r.id, f[m]);
          }
        });
      }
    })());

  // ---------- global network: train at the earliest origin, forecast every origin
  let network: GlobalNetwork | undefined;
  const search: SearchPoint[] = [];
  let training: EngineResult['training'] = [];
  const levels = networkLevels(quantiles);
  const neuralName = opts.neural ? cell : undefined;
  if (opts.neural) {
    t = Date.now();
    const limit = opts.maxWindowsPerSeries ?? config.model.maxWindowsPerSeries;
    const trainSets: WindowSet[] = [];
    const valSets: WindowSet[] = [];
    const originViews: Map<string, NeuralView>[] = Array.from({ length: W }, () => new Map());
    const checkViews = new Map<string, NeuralView>();
    for (const s of usable) {
      const n = ys.get(s.id)!.length;
      const os = origins(n);
      if (os.length === 0) continue;
      const cut = os[os.length - 1]!; // earliest origin
      if (n < config.model.minSeriesLength || cut < window + 2 * h) continue; // too short: statistical fallback
      const view = neuralView(s, cut, config.decomposition, period);
      trainSets.push(windowsOf(view, window, h, { maxTargetEnd: cut - h, limit }));
      valSets.push(windowsOf(view, window, h, { maxTargetEnd: cut, minTargetEnd: cut, limit: 1 }));
      os.forEach((o, k) => originViews[k]!.set(s.id, o === cut ? view : neuralView(s, o, config.decomposition, period)));
      if (checkSet.obs.has(s.id)) checkViews.set(s.id, neuralView(s, cutsOf.get(s.id)![W]!, config.decomposition, period));
    }
    const C = originViews[0]!.values().next().value?.channelCount ?? 2;
    const trainSet = concatWindowSets(trainSets, window, C, h);
    const valSet = concatWindowSets(valSets, window, C, h);
    timings.windows = since(t);
    if (trainSet.count < 50) {
      warnings.push(`network skipped: only ${trainSet.count} training windows (series too short for window ${window} + horizon ${h})`);
    } else {
      log('training network', { windows: trainSet.count, validation: valSet.count, window, channels: C, cell });
      t = Date.now();
      const grid: [number, number][] = config.model.search.length ? config.model.search : [[config.model.units, config.model.layers]];
      let best: { net: GlobalNetwork; valMase: number; set: Map<string, PointAndQuantiles>[] } | undefined;
      for (const [units, layers] of grid) {
        const net = await trainNetwork(trainSet, {
          model: config.model, units, layers, horizon: h, levels, window, channels: C, epochs: config.model.epochs, validation: valSet,
          timeBudgetMs: (config.model.timeBudgetSeconds * 1000) / grid.length,
          workBudget: config.model.workBudget / grid.length,
          onEpoch: (r) => opts.progress?.epoch?.({ stage: `${cell} ${units}×${layers}`, epoch: r.epoch, epochs: config.model.epochs, loss: r.loss, valLoss: r.valLoss }),
        });
        // Score this size on the backtest origins (data after its training cutoff only).
        const perOrigin = originViews.map((views) => {
          const ids = [...views.keys()];
          const preds = predictNetwork(net, ids.map((id) => views.get(id)!), quantiles);
          const m = new Map<string, PointAndQuantiles>();
          ids.forEach((id, i) => preds[i] && m.set(id, preds[i]!));
          return m;
        });
        const probe = new ScoreBoard(quantiles);
        perOrigin.forEach((m, k) => probe.add(new Map([[cell, m]]), originSets[k]!.obs));
        const valMase = probe.table()[0]?.mase ?? Infinity;
        search.push({ units, layers, params: net.params, valMase: Number.isFinite(valMase) ? valMase : null, chosen: false });
        log('network candidate', { units, layers, params: net.params, valMase, epochs: net.history.length, bestEpoch: net.bestEpoch });
        if (!best || valMase < best.valMase) {
          best?.net.dispose();
          best = { net, valMase, set: perOrigin };
        } else {
          net.dispose();
        }
      }
      timings.training = since(t);
      const chosen = search.find((p) => p.units === best!.net.spec.units && p.layers === best!.net.spec.layers)!;
      chosen.chosen = true;
      training = best!.net.history.map((r) => ({ epoch: r.epoch, loss: r.loss, valLoss: r.valLoss ?? null, lr: r.lr }));
      // The chosen network's forecasts from the check origin (for the per-series check only).
      const checkIds = [...checkViews.keys()];
      const checkPreds = predictNetwork(best!.net, checkIds.map((id) => checkViews.get(id)!), quantiles);
      const checkNet = new Map<string, PointAndQuantiles>();
      checkIds.forEach((id, i) => checkPreds[i] && checkNet.set(id, checkPreds[i]!));
      await collectStats();
      // Network forecasts at each origin; series it cannot serve fall back to ETS so every model covers every series.
      [...best!.set, checkNet].forEach((m, k) => {
        const { set } = allOrigins[k]!;
        const full = new Map<string, PointAndQuantiles>();
        for (const [id, f] of set.get('ets') ?? []) full.set(id, m.get(id) ?? { ...f, detail: `${f.detail} (fallback)` });
        set.set(cell, full);
      });
      network = best!.net;
    }
  }

  // ---------- ensembles and selection
  await collectStats();
  const ensembles = ensembleCandidates(network ? neuralName : undefined);
  if (network) {
    // Per-dataset weights of network, ETS and Theta, fitted on the backtest.
    const members = [cell, 'ets', 'theta'];
    const fitted = fitEnsembleWeights(originSets, members);
    if (fitted) {
      // Shrunk halfway towards equal weights: estimated combination weights are noisy and equal
      // weights are hard to beat out of sample (the "forecast combination puzzle", Smith & Wallis 2009).
      const weights = fitted.weights.map((w) => 0.5 * w + 0.5 / members.length);
      ensembles.push({ name: 'weighted', members, weights });
      log('ensemble weights', { members, fitted: fitted.weights, weights, backtestMase: fitted.mase });
    }
  }
  for (const { set, obs } of originSets) {
    addEnsembles(set, ensembles);
    board.add(set, obs);
  }
  addEnsembles(checkSet.set, ensembles);
  const rankedScores = () => board.table().sort((a, b) => (a.mase ?? Infinity) - (b.mase ?? Infinity));
  let scores = rankedScores();
  const eligible = scores.filter((s) => s.mase !== null && s.model !== 'naive');
  const datasetModel = eligible[0]?.model ?? 'snaive';
  let selectedModel = datasetModel;

  // Per-series selection, adopted only where the cross-origin check says it pays.
  let perSeries: PerSeriesSummary | undefined;
  let picks = new Map<string, string>();
  const selection: PerSeriesSelection | undefined = perSeriesOn && checkSet.obs.size > 0
    ? selectPerSeries(allOrigins, eligible.map((s) => s.model), opts.perSeriesCheck)
    : undefined;
  if (selection) {
    perSeries = {
      used: selection.pays, pool: selection.pool, tau: selection.rule.tau, mase: selection.mase,
      datasetMase: selection.datasetMase, cases: selection.cases, switched: selection.pays ? selection.picks.size : 0,
      ...(selection.reason ? { reason: selection.reason } : {}),
    };
    log('per-series selection', { ...perSeries });
    if (selection.pays) {
      originSets.forEach(({ set, obs }, k) => {
        set.set(PER_SERIES, selection.backtest[k]!);
        board.add(new Map([[PER_SERIES, selection.backtest[k]!]]), obs);
      });
      scores = rankedScores();
      selectedModel = PER_SERIES;
      picks = selection.picks;
    }
  }
  log('model selected', { selectedModel, mase: scores.find((s) => s.model === selectedModel)?.mase, baseline: scores.find((s) => s.model === 'snaive')?.mase });

  // Interval calibration: the factor that brings the outer band's backtest coverage to nominal.
  // With per-series selection, on the honest picks (made at the older origin) like its score.
  const intervalScale = calibrateIntervals(originSets, selectedModel, quantiles);

  if (opts.backtestOnly) {
    network?.dispose();
    timings.total = since(engineStarted);
    return {
      forecasts: [], selectedModel, scores, search, training, timings, warnings, backend: opts.neural?.backend ?? 'none',
      intervalScale, perSeriesMase: board.perSeriesMase(selectedModel), perSeries,
    };
  }

  // ---------- final forecasts from all the data
  t = Date.now();
  let finalNet: GlobalNetwork | undefined;
  const extraNets: GlobalNetwork[] = [];
  // Views of every series on all its data: built once, used to retrain and to forecast.
  const fullViews = new Map<string, NeuralView>();
  const fullView = (s: Series): NeuralView => {
    let v = fullViews.get(s.id);
    if (!v) fullViews.set(s.id, (v = neuralView(s, ys.get(s.id)!.length, config.decomposition, period)));
    return v;
  };
  // The model behind each series' forecast: the dataset's, or its per-series pick.
  const modelOf = (id: string) => picks.get(id) ?? datasetModel;
  const specOf = (model: string) => ensembles.find((e) => e.name === model);
  const membersOf = (model: string) => specOf(model)?.members ?? [model];
  const usesNetwork = [datasetModel, ...picks.values()].some((m) => membersOf(m).includes(cell));
  if (network && (usesNetwork || opts.keepCandidates)) {
    const trainSets: WindowSet[] = [];
    for (const s of usable) {
      const n = ys.get(s.id)!.length;
      if (n < window + h + 1) continue;
      trainSets.push(windowsOf(fullView(s), window, h, { maxTargetEnd: n, limit: opts.maxWindowsPerSeries ?? config.model.maxWindowsPerSeries }));
    }
    const all = concatWindowSets(trainSets, window, network.spec.features, h);
    const epochs = Math.max(1, network.bestEpoch);
    // `ensembleSize` networks with different seeds, trained on all the data with the winning epoch count.
    for (let k = 0; k < config.model.ensembleSize; k++) {
      const net = await trainNetwork(all, {
        model: { ...config.model, seed: config.model.seed + k }, units: network.spec.units, layers: network.spec.layers, horizon: h, levels, window,
        channels: network.spec.features, epochs, timeBudgetMs: (config.model.timeBudgetSeconds * 1000) / config.model.ensembleSize,
        workBudget: config.model.workBudget / config.model.ensembleSize,
        onEpoch: (r) => opts.progress?.epoch?.({ stage: `${cell} final ${k + 1}/${config.model.ensembleSize}`, epoch: r.epoch, epochs, loss: r.loss }),
      });
      if (k === 0) {
        finalNet = net;
        net.history.forEach((r) => training.push({ epoch: training.length + 1, loss: r.loss, valLoss: null, lr: r.lr }));
      } else {
        extraNets.push(net);
      }
    }
    timings.finalTraining = since(t);
  }
  // The network is versioned with every run, even when an ensemble without it won: then the
  // backtest-trained one (not used for this forecast) is what gets saved.
  const savedNet = finalNet ?? network;

  t = Date.now();
  const labelOf = (model: string) => {
    const spec = specOf(model);
    return spec ? ensembleLabel(spec) : model;
  };
  const allMembers = [...STAT_MODELS, ...(finalNet ? [cell] : [])];
  const finalSet: ForecastSet = new Map();
  opts.progress?.phase?.('forecast', usable.length);
  const finalViews = finalNet ? usable.map(fullView) : [];
  // The network forecast averages the retrained networks and the backtest-trained one (fed the
  // same, latest inputs): differently-seeded and differently-trained members steady a single network.
  const memberNets = finalNet ? [finalNet, ...extraNets, ...(network ? [network] : [])] : [];
  const memberPreds = memberNets.map((net) => predictNetwork(net, finalViews, quantiles));
  const netPreds = finalViews.map((_, i) => {
    const parts = memberPreds.map((p) => p[i]).filter((p): p is PointAndQuantiles => p !== undefined);
    return parts.length ? combine(parts) : undefined;
  });
  if (finalNet) network?.dispose();
  extraNets.forEach((n) => n.dispose());
  usable.forEach((s, i) => {
    for (const m of opts.keepCandidates ? allMembers : membersOf(modelOf(s.id))) {
      if (!finalSet.has(m)) finalSet.set(m, new Map());
      if (m === cell) {
        const p = netPreds[i] ?? finalStat.get(s.id)!.ets;
        finalSet.get(m)!.set(s.id, p);
      } else {
        finalSet.get(m)!.set(s.id, finalStat.get(s.id)![m as StatModel]);
      }
    }
    opts.progress?.tick?.(s.id);
  });
  addEnsembles(finalSet, ensembles);
  if (opts.keepCandidates && selectedModel === PER_SERIES) {
    finalSet.set(PER_SERIES, new Map(usable.map((s) => [s.id, finalSet.get(modelOf(s.id))!.get(s.id)!])));
  }
  const forecasts: SeriesForecast[] = usable.map((s) => {
    const model = modelOf(s.id);
    let chosen = finalSet.get(model)!.get(s.id)!;
    const selectedLabel = labelOf(model);
    let label = selectedLabel;
    if (!isFiniteAll(chosen.mean) || !chosen.quantiles.every(isFiniteAll)) {
      // Never publish an empty cell: a non-finite forecast (e.g. a diverged network) falls back to ETS.
      chosen = finalStat.get(s.id)!.ets;
      label = `ets (fallback for ${selectedLabel})`;
      warnings.push(`series "${s.id}": ${model} gave a non-finite forecast; ETS used instead`);
    }
    let f = scaleQuantiles(chosen, quantiles, intervalScale);
    if (nonNegative(s.values)) f = clampAtZero(f);
    const last = s.dates[s.dates.length - 1]!;
    const dates = Array.from({ length: h }, (_, k) => addPeriods(last, frequency, k + 1));
    return { id: s.id, model: label, dates, mean: f.mean, quantiles: f.quantiles };
  });
  timings.inference = since(t);
  // Wall time of the whole call: the statistical fits overlap training, so the phases do not add up to it.
  timings.total = since(engineStarted);

  return {
    forecasts,
    selectedModel,
    scores,
    search,
    training,
    timings,
    warnings,
    backend: opts.neural?.backend ?? 'none',
    intervalScale,
    perSeriesMase: board.perSeriesMase(selectedModel),
    perSeries,
    network: savedNet,
    candidates: opts.keepCandidates ? finalSet : undefined,
    backtest: opts.keepCandidates ? originSets : undefined,
  };
}

/** Demand data: when a series never went negative, neither do its forecasts. */
function nonNegative(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i]! < 0) return false;
  return true;
}

function clampAtZero(f: PointAndQuantiles): PointAndQuantiles {
  return { ...f, mean: f.mean.map((v) => Math.max(0, v)), quantiles: f.quantiles.map((q) => q.map((v) => Math.max(0, v))) };
}
