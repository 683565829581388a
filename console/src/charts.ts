/**
 * ECharts, on demand: the core with only the charts the console draws (bars, a funnel), the parts
 * they need and the SVG renderer (crisp at any zoom). Loaded with the screens that draw charts.
 */
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { BarChart, FunnelChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, FunnelChart, GridComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = EChartsCoreOption;

/**
 * Draws `option` into `element` in large type. The element carries its own description (its
 * `aria-label` says the numbers, and a table beside it lists them), so ECharts' generated one is off.
 */
export function drawChart(element: HTMLElement, option: ChartOption): ECharts {
  const chart = init(element, undefined, { renderer: 'svg' });
  chart.setOption({
    textStyle: { fontSize: 16, fontFamily: 'inherit' },
    animation: false,
    ...option,
  });
  return chart;
}
