/**
 * TDesign's styles, on demand: its design tokens, then the stylesheet of each component the console
 * uses (a component added to a screen adds its line here), then the console's own (large type).
 */
import 'tdesign-vue-next/es/style/index.css';
import 'tdesign-vue-next/es/alert/style/index.css';
import 'tdesign-vue-next/es/button/style/index.css';
import 'tdesign-vue-next/es/checkbox/style/index.css';
import 'tdesign-vue-next/es/input/style/index.css';
import 'tdesign-vue-next/es/loading/style/index.css';
import 'tdesign-vue-next/es/radio/style/index.css';
import 'tdesign-vue-next/es/tag/style/index.css';
import './console.css';
