import type { V1OwnerReference } from '@kubernetes/client-node';
import type { ObjectMeta } from '../api/types.ts';

/** Makes the owner the controller of a dependent, so deleting it garbage-collects the dependent. */
export function controllerReference(owner: { apiVersion: string; kind: string; metadata: ObjectMeta }): V1OwnerReference {
  if (!owner.metadata.uid) throw new TypeError(`Cannot reference an owner without a uid: ${owner.kind}/${owner.metadata.name}`);
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
