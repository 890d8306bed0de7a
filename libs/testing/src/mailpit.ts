/** A small client for Mailpit's HTTP API (the local SMTP server used in tests and demos). */
export interface MailSummary {
  ID: string;
  From: { Address: string; Name: string };
  To: Array<{ Address: string; Name: string }>;
  Subject: string;
  Created: string;
  Snippet: string;
  MessageID: string;
}

export interface MailMessage extends MailSummary {
  Text: string;
  HTML: string;
}

export class MailpitClient {
  constructor(private readonly baseUrl: string) {}

  /** Messages sent to `address` (newest first). */
  async search(query: string, limit = 500): Promise<MailSummary[]> {
    const body = await this.get<{ messages: MailSummary[] }>(`/api/v1/search?query=${encodeURIComponent(query)}&limit=${limit}`);
    return body.messages;
  }

  async messagesTo(address: string): Promise<MailSummary[]> {
    return this.search(`to:"${address}"`);
  }

  async message(id: string): Promise<MailMessage> {
    return this.get<MailMessage>(`/api/v1/message/${encodeURIComponent(id)}`);
  }

  async total(): Promise<number> {
    return (await this.get<{ total: number }>('/api/v1/messages?limit=1')).total;
  }

  /** Every stored message (oldest first), paged through the list API. */
  async all(pageSize = 1000): Promise<MailSummary[]> {
    const all: MailSummary[] = [];
    for (let start = 0; ; start += pageSize) {
      const page = await this.get<{ messages: MailSummary[]; total: number }>(`/api/v1/messages?start=${start}&limit=${pageSize}`);
      all.push(...page.messages);
      if (page.messages.length < pageSize || all.length >= page.total) return all.reverse();
    }
  }

  async deleteAll(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/v1/messages`, { method: 'DELETE' });
    if (!response.ok) throw new Error(`Mailpit DELETE messages answered ${response.status}`);
  }

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`);
    if (!response.ok) throw new Error(`Mailpit GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }
}
