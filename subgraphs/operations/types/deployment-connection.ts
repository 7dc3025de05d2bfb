import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../lib/connection';
import { Deployment } from '../entities';

// Bulk types (a page holds up to 100 nodes): plain properties read by graphql's default resolver,
// without type-graphql's per-field middleware wrapper (none applies to them). See `npm run bench`.

@ObjectType({ simpleResolvers: true })
export class DeploymentEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Deployment)
  node!: Deployment;
}

@ObjectType({ simpleResolvers: true, description: 'Deployments by year, then day (unknown days first), then recording order' })
export class DeploymentConnection {
  @Field(() => [DeploymentEdge])
  edges!: DeploymentEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
