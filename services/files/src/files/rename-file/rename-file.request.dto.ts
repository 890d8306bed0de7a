import { FileNameField } from '../request-fields';

export class RenameFileRequestDto {
  @FileNameField()
  name!: string;
}
