import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { TODO_MODEL, TodoDocument } from './todo.schema';
import { isDuplicateKey } from '@portico/mongo';

/** The to-dos the tasks service created, so a client's upload can name the file request it answers. */
@Injectable()
export class TodoDirectory {
  constructor(@InjectModel(TODO_MODEL) private readonly todos: Model<TodoDocument>) {}

  /** Idempotent: a to-do's facts never change, so a redelivery finds it recorded and writes nothing. */
  async record({ _id, ...facts }: TodoDocument): Promise<void> {
    await this.todos
      .updateOne({ _id }, { $setOnInsert: facts }, { upsert: true })
      .exec()
      .catch((error: unknown) => {
        // Two deliveries raced on the insert: the other one recorded it.
        if (!isDuplicateKey(error)) throw error;
      });
  }

  /** True when `todoId` is a to-do of this firm's client that asks for a file. */
  async isFileRequestOf(firmId: string, clientId: string, todoId: string): Promise<boolean> {
    return (await this.todos.countDocuments({ _id: todoId, firmId, clientId, requiresFile: true }).exec()) === 1;
  }
}
