import type { Logger } from 'pino';
import { maskPhone } from './log.ts';

/** Sends a text message. Production installs plug in their provider (Aliyun, Tencent Cloud…). */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

/** The default: writes the message to the server log with the number masked. */
export class LogSmsSender implements SmsSender {
  constructor(private readonly log: Logger) {}
  async send(phone: string, text: string) {
    this.log.info({ to: maskPhone(phone), sms: text }, 'sms');
  }
}

/** Keeps messages in memory: for tests, which stand in for the outside world here. */
export class MemorySmsSender implements SmsSender {
  readonly sent: { phone: string; text: string }[] = [];
  async send(phone: string, text: string) {
    this.sent.push({ phone, text });
  }
  lastCodeFor(phone: string): string | undefined {
    const message = [...this.sent].reverse().find((m) => m.phone === phone);
    return message?.text.match(/\d{6}/)?.[0];
  }
}
