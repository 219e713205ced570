import { CartItem, Enrollment, Student } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

export type AddResult = 'added' | 'duplicate' | 'no-section' | 'full' | 'no-student' | 'busy';

/** A student's own rows. Every method takes the student id the token carried. */
@Injectable()
export class MeRepository {
  constructor(
    @InjectRepository(Student) private readonly students: Repository<Student>,
    @InjectRepository(Enrollment) private readonly enrollments: Repository<Enrollment>,
    @InjectRepository(CartItem) private readonly cart: Repository<CartItem>,
  ) {}

  student(studentId: number): Promise<Student | null> {
    return this.students.findOneBy({ id: studentId });
  }

  /** The password hash (no other query selects it), or null for no such student. */
  async passwordHash(studentId: number): Promise<string | null> {
    const s = await this.students.createQueryBuilder('s').addSelect('s.passwordHash').where('s.id = :id', { id: studentId }).getOne();
    return s?.passwordHash ?? null;
  }

  async setPasswordHash(studentId: number, hash: string): Promise<boolean> {
    const res = await this.students.update({ id: studentId }, { passwordHash: hash });
    return (res.affected ?? 0) > 0;
  }

  enrollmentsOf(studentId: number): Promise<Enrollment[]> {
    return this.enrollments.find({ where: { studentId }, order: { enrolledAt: 'ASC', id: 'ASC' } });
  }

  cartItem(studentId: number, sectionId: number): Promise<CartItem | null> {
    return this.cart.findOneBy({ studentId, sectionId });
  }

  cartOf(studentId: number): Promise<CartItem[]> {
    return this.cart.find({ where: { studentId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Count and insert as one step per student (ten adds at once to a cart of 39 left it with 47),
   * under a named lock of the student's cart, not a row lock: the student's row is what the
   * committer's waitlist insert takes a shared lock on after locking sections, so a row lock here
   * (taken before the cart row's foreign-key lock on the section) deadlocked with a commit batch.
   * The unique key answers "already there", the foreign key "no such section".
   */
  async addToCart(studentId: number, sectionId: number, max: number): Promise<AddResult> {
    const runner = this.cart.manager.connection.createQueryRunner();
    await runner.connect();
    // Named locks are server-wide: the database's name keeps two databases on one server apart.
    const name = `:cart:${studentId}`;
    try {
      const [{ ok }] = (await runner.query('SELECT GET_LOCK(CONCAT(DATABASE(), ?), 5) AS ok', [name])) as [{ ok: number | string | null }];
      if (Number(ok) !== 1) return 'busy';
      try {
        if (!(await runner.manager.existsBy(Student, { id: studentId }))) return 'no-student';
        if ((await runner.manager.countBy(CartItem, { studentId })) >= max) return 'full';
        await runner.manager.insert(CartItem, { studentId, sectionId });
        return 'added';
      } finally {
        await runner.query('SELECT RELEASE_LOCK(CONCAT(DATABASE(), ?))', [name]);
      }
    } catch (err) {
      const code = (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;
      if (code === 'ER_DUP_ENTRY') return 'duplicate';
      if (code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_NO_REFERENCED_ROW') return 'no-section';
      throw err;
    } finally {
      await runner.release();
    }
  }

  async removeFromCart(studentId: number, sectionId: number): Promise<boolean> {
    const res = await this.cart.delete({ studentId, sectionId });
    return (res.affected ?? 0) > 0;
  }
}
