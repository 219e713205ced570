import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@app/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInt } from './query-transforms.js';

/** `?page=&size=` of every paged list (size ≤ 100). */
export class PagingQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional() @ToInt() @IsInt() @Min(1) @Max(100_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @ToInt() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  size: number = DEFAULT_PAGE_SIZE;
}
