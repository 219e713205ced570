import { ApiProperty } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';

/** A concrete `{ items, page, size, total }` schema per item type, for the OpenAPI document. */
export function PageOf<T>(item: Type<T>, name: string) {
  class PageDto {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty() page!: number;
    @ApiProperty() size!: number;
    @ApiProperty() total!: number;
  }
  Object.defineProperty(PageDto, 'name', { value: name });
  return PageDto;
}
