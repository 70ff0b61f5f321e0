/**
 * Incremental splitter of a top-level JSON array into the source text of its elements, so a
 * large JSON file is parsed one element at a time (`JSON.parse` per element) instead of as one
 * string. It tracks nesting depth, strings and escapes, and the 1-based line each element
 * starts on. Structural errors (no array, missing comma, unclosed array, trailing content) are
 * reported with their line and stop the splitter; syntax errors inside an element are left to
 * `JSON.parse` of that element, so the elements after it are still read.
 */

export type ElementHandler = (text: string, line: number) => void;
export type SplitterErrorHandler = (reason: string, line: number) => void;

enum State {
  BeforeArray,
  FirstElementOrEnd,
  Element,
  InElement,
  AfterElement,
  Done,
  Failed,
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

export class JsonArraySplitter {
  private state = State.BeforeArray;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Element is a bare scalar (number, true/false/null): it ends at `,`, `]` or whitespace. */
  private scalar = false;
  private elementLine = 0;
  private partial = '';
  /** Number of elements emitted. */
  elements = 0;

  constructor(
    private readonly onElement: ElementHandler,
    private readonly onError: SplitterErrorHandler,
    private readonly maxElementLength = 1 << 20,
  ) {}

  get failed(): boolean {
    return this.state === State.Failed;
  }

  private fail(reason: string, line = this.line): void {
    this.onError(reason, line);
    this.state = State.Failed;
  }

  push(chunk: string): void {
    let elementStart = this.state === State.InElement ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case State.Failed:
          return;
        case State.InElement: {
          if (this.inString) {
            if (this.escape) this.escape = false;
            else if (c === 92) this.escape = true;
            else if (c === 34) {
              this.inString = false;
              if (this.depth === 0) this.finish(chunk, elementStart, i + 1);
            }
          } else if (this.scalar) {
            if (c === 44 || c === 93 || isSpace(c)) {
              this.finish(chunk, elementStart, i);
              i--; // re-read the terminator in AfterElement
              continue;
            }
          } else if (c === 34) this.inString = true;
          else if (c === 123 || c === 91) this.depth++;
          else if (c === 125 || c === 93) {
            if (--this.depth === 0) this.finish(chunk, elementStart, i + 1);
          }
          break;
        }
        case State.BeforeArray:
          if (isSpace(c)) break;
          if (c === 91) this.state = State.FirstElementOrEnd;
          else {
            const what = c === 123 ? 'an object' : `'${chunk[i]}'`;
            this.fail(
              `expected a JSON array of objects ([{...}, {...}]) but the file starts with ${what}` +
                (c === 123 ? '; for one object per line use the .jsonl extension' : ''),
            );
          }
          break;
        case State.FirstElementOrEnd:
        case State.Element:
          if (isSpace(c)) break;
          if (c === 93) {
            if (this.state === State.Element) this.fail("trailing comma before ']'");
            else this.state = State.Done;
            break;
          }
          if (c === 44) {
            this.fail("unexpected ',': an element is missing");
            break;
          }
          this.state = State.InElement;
          this.elementLine = this.line;
          elementStart = i;
          this.partial = '';
          this.depth = c === 123 || c === 91 ? 1 : 0;
          this.inString = c === 34;
          this.escape = false;
          this.scalar = !this.inString && this.depth === 0;
          break;
        case State.AfterElement:
          if (isSpace(c)) break;
          if (c === 44) this.state = State.Element;
          else if (c === 93) this.state = State.Done;
          else this.fail(`expected ',' or ']' after the element that starts on line ${this.elementLine} (missing comma?)`);
          break;
        case State.Done:
          if (!isSpace(c)) this.fail("unexpected content after the closing ']' of the array");
          break;
      }
      if (c === 10) this.line++;
    }
    if (this.state === State.InElement) {
      this.partial += chunk.slice(elementStart);
      if (this.partial.length > this.maxElementLength) {
        this.fail(`JSON element is larger than ${this.maxElementLength} characters (unclosed brace or string?)`, this.elementLine);
      }
    }
  }

  private finish(chunk: string, start: number, end: number): void {
    const text = this.partial + chunk.slice(start, end);
    this.partial = '';
    this.state = State.AfterElement;
    this.elements++;
    this.onElement(text, this.elementLine);
  }

  end(): void {
    switch (this.state) {
      case State.InElement:
        if (this.scalar && !this.inString) {
          this.finish('', 0, 0);
          this.fail("unexpected end of file: the JSON array is not closed with ']'");
        } else this.fail(`unexpected end of file inside the element that starts on line ${this.elementLine}`, this.elementLine);
        break;
      case State.BeforeArray:
        break; // empty input: reported by the caller
      case State.FirstElementOrEnd:
      case State.Element:
      case State.AfterElement:
        this.fail("unexpected end of file: the JSON array is not closed with ']'");
        break;
      default:
        break;
    }
  }
}
