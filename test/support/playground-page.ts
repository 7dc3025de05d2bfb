import type { Page } from 'playwright-core';

/**
 * Drives the playground's page in Chromium (test/playground*.test.ts): its tabs, editors (CodeMirror 5)
 * and ▶, reading what the gateway answered from the network and checking the page shows it.
 */

/** Only inside page.evaluate callbacks, which run in the browser. */
declare const document: { querySelector(selector: string): any };

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
export const VARIABLES_EDITOR = '.graphiql-editor-tool .graphiql-editor';
export const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';
export const AUTHORIZATION_KEY = 'sii-hub:playground:authorization';

export interface PlaygroundConfig {
  signIn: boolean;
  tabs: { query: string; variables: string }[];
  variables: Record<string, string>;
}

/** The configuration embedded in the playground's page. */
export async function playgroundConfig(url: string): Promise<PlaygroundConfig> {
  const html = await (await fetch(url, { headers: { accept: BROWSER_ACCEPT } })).text();
  return JSON.parse(html.match(/<script id="hub-playground-config" type="application\/json">(.*?)<\/script>/s)![1]);
}

/** Each tab's operations, in order. */
export const operationsOfTabs = (config: PlaygroundConfig): string[][] =>
  config.tabs.map((tab) => [...tab.query.matchAll(/^(?:query|mutation) (\w+)/gm)].map((match) => match[1]));

export interface RunAnswer {
  status: number;
  request: { query: string; operationName?: string; variables?: Record<string, unknown> };
  authorization: string | undefined;
  body: any;
  text: string;
}

export function playgroundDriver(page: Page, graphqlUrl: string, tabs: string[][]) {
  const editorValue = (selector: string): Promise<string> => page.evaluate((sel) => document.querySelector(`${sel} .CodeMirror`).CodeMirror.getValue(), selector);

  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await page.waitForTimeout(100);
    }
  }

  return {
    editorValue,
    until,
    /** Sets a CodeMirror 5 editor's content the way a paste would. */
    setEditor: (selector: string, value: string) =>
      page.evaluate(([sel, text]) => document.querySelector(`${sel} .CodeMirror`).CodeMirror.setValue(text), [selector, value] as const),

    /** Waits until the page has mounted GraphiQL. */
    async ready(): Promise<void> {
      await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    },

    /** Opens a tab by its place (GraphiQL names a tab after the operation last run in it). */
    async openTab(index: number): Promise<void> {
      await page.locator('.graphiql-tab-button').nth(index).click();
      // GraphiQL has read the tab's operations (it parses the editor's text a moment after a change).
      await until(`tab ${index} shows`, () =>
        page.evaluate((name) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.operations?.[0]?.name?.value === name, tabs[index][0]),
      );
    },

    /** Puts the cursor in `operation`: the Variables editor then shows that operation's own. */
    async pointAt(operation: string): Promise<void> {
      await page.evaluate((name) => {
        const query = document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror;
        query.focus();
        query.setCursor(query.posFromIndex(query.getValue().search(new RegExp(`^(query|mutation) ${name}\\b`, 'm')) + 2));
      }, operation);
    },

    /** Runs one operation of the open tab (▶, then the operation from its menu when the tab has several): the gateway's answer, once the page shows it. */
    async run(operation: string, several: boolean): Promise<RunAnswer> {
      const answered = page.waitForResponse(
        (response) => response.url() === graphqlUrl && response.request().method() === 'POST' && JSON.parse(response.request().postData() ?? '{}').operationName === operation,
        { timeout: 20_000 },
      );
      await page.locator('.graphiql-execute-button').click();
      if (several) await page.getByRole('menuitem', { name: operation, exact: true }).click();
      const response = await answered;
      const body = await response.json();
      await until(`${operation}'s answer shows`, async () => (await editorValue('.graphiql-response')) === JSON.stringify(body, null, 2));
      return {
        status: response.status(),
        request: JSON.parse(response.request().postData()!),
        authorization: (await response.request().allHeaders()).authorization,
        body,
        text: JSON.stringify(body),
      };
    },
  };
}
