import { render } from 'preact';

render(<p>Shortline</p>, document.getElementById('root')!);
