import ApexCharts from 'apexcharts';

/**
 * <cifar-chart>: draws an ApexCharts chart from its `options` property (a plain ApexCharts
 * options object, set by the Java component ApexChart). Setting `options` redraws the chart;
 * appendPoint(series, x, y) adds one point to a line series without resending the rest.
 *
 * The chart lives in the light DOM: ApexCharts adds its stylesheet to the document head, which
 * would not reach into a shadow root (legend and tooltips would lose their layout).
 */
class CifarChart extends HTMLElement {
  constructor() {
    super();
    this._options = null;
    this._chart = null;
    this._target = null;
  }

  connectedCallback() {
    this.style.display = this.style.display || 'block';
    // Vaadin may set `options` before this element is upgraded; that value hides our setter.
    if (Object.prototype.hasOwnProperty.call(this, 'options')) {
      const early = this.options;
      delete this.options;
      this.options = early;
    }
    this._render();
  }

  disconnectedCallback() {
    this._destroy();
  }

  get options() {
    return this._options;
  }

  set options(value) {
    this._options = value ? structuredClone(value) : null;
    this._render();
  }

  appendPoint(seriesName, x, y) {
    if (!this._options) {
      return;
    }
    const series = this._options.series || (this._options.series = []);
    let target = series.find((s) => s.name === seriesName);
    if (!target) {
      target = { name: seriesName, data: [] };
      series.push(target);
    }
    target.data.push([x, y]);
    if (this._chart) {
      this._chart.updateSeries(structuredClone(series), true);
    }
  }

  _render() {
    this._destroy();
    if (!this.isConnected || !this._options) {
      return;
    }
    this._target = document.createElement('div');
    this.appendChild(this._target);
    const options = structuredClone(this._options);
    options.chart = { fontFamily: getComputedStyle(this).fontFamily, ...options.chart };
    CifarChart._fixDecimals(options.xaxis);
    if (options.chart.type === 'line') {
      // Tooltips keep the four decimals of the lab's epoch log, whatever the axis shows.
      options.tooltip = { ...options.tooltip, y: { formatter: (v) => (typeof v === 'number' ? v.toFixed(4) : v) } };
    }
    [].concat(options.yaxis || []).forEach(CifarChart._fixDecimals);
    this._chart = new ApexCharts(this._target, options);
    this._chart.render();
  }

  /**
   * An axis with `decimalsInFloat` writes every label with exactly that many decimals. ApexCharts
   * trims them on an empty chart ("1, 0.2" where a chart with data says "1.00, 0.20"); options come
   * as JSON from the server, which cannot send a formatter function.
   */
  static _fixDecimals(axis) {
    if (!axis || typeof axis.decimalsInFloat !== 'number') {
      return;
    }
    const decimals = axis.decimalsInFloat;
    axis.labels = {
      ...axis.labels,
      formatter: (value) => (typeof value === 'number' ? value.toFixed(decimals) : value),
    };
  }

  _destroy() {
    if (this._chart) {
      this._chart.destroy();
      this._chart = null;
    }
    if (this._target) {
      this._target.remove();
      this._target = null;
    }
  }
}

customElements.define('cifar-chart', CifarChart);
