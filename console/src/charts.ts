/**
 * ECharts, on demand: the core with only the charts the console draws (bars, a funnel), the parts
 * they need and the SVG renderer (crisp at any zoom). Loaded with the screens that draw charts.
 */
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { BarChart, FunnelChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, FunnelChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export type ChartOption = EChartsCoreOption;

/** Draws `option` into `element` (large type; the chart also described for screen readers). */
export function drawChart(element: HTMLElement, option: ChartOption): ECharts {
  const chart = init(element, undefined, { renderer: 'svg' });
  chart.setOption({
    aria: { enabled: true },
    textStyle: { fontSize: 16, fontFamily: 'inherit' },
    animation: false,
    ...option,
  });
  return chart;
}
