/** What About shows: version, the runtimes, and the licences, with the models' terms called out. */
export interface AboutFacts {
  productName: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
}

export interface AboutPanel {
  title: string;
  message: string;
  detail: string;
  /** Button labels; the second opens the model terms (MODELS.md). */
  buttons: [string, string];
}

export function aboutPanel(facts: AboutFacts): AboutPanel {
  return {
    title: `About ${facts.productName}`,
    message: `${facts.productName} ${facts.version}`,
    detail: [
      `Electron ${facts.electron} · Chromium ${facts.chrome} · Node.js ${facts.node}`,
      '',
      `${facts.productName} is MIT licensed. Electron is MIT licensed; Chromium's licences ship with the app (LICENSES.chromium.html).`,
      '',
      'Model terms: the portrait engine uses dlib\'s 68-point landmark model, trained on the iBUG 300-W dataset, whose licence excludes commercial use; and IS-Net for background removal (MIT), shipped in an AGPL-3.0 package. "Model terms" shows every model with its source, checksum and licence.',
    ].join('\n'),
    buttons: ['OK', 'Model terms'],
  };
}
