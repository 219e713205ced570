import { ApiProperty } from '@nestjs/swagger';

export class OpenTimeDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: [Number], nullable: true, description: 'null = every grade' }) grades!: number[] | null;
  @ApiProperty({ type: [Number], nullable: true, description: 'null = every major' }) majorIds!: number[] | null;
  @ApiProperty({ enum: ['FIFO', 'RANDOM_AT_OPEN'] }) queueMode!: 'FIFO' | 'RANDOM_AT_OPEN';
}

export class CurrentOpenTimeDto {
  @ApiProperty({ format: 'date-time', description: 'The server clock, for the countdown' }) serverTime!: string;
  @ApiProperty({ type: OpenTimeDto, nullable: true, description: 'The window open now for the caller' }) current!: OpenTimeDto | null;
  @ApiProperty({ type: OpenTimeDto, nullable: true, description: 'The next window that will open for the caller' }) next!: OpenTimeDto | null;
}
