import type { LocalizedText } from '../model/diagnosis';

/**
 * The Docker → containerd migration kubelab runs before the hop into 1.24 (dockershim removed),
 * one node at a time, as the Kubernetes task "Changing the Container Runtime on a Node from Docker
 * Engine to containerd" does it (https://kubernetes.io/docs/tasks/administer-cluster/
 * migrating-from-dockershim/change-runtime-containerd/; the kubeadm annotation part as the page
 * read for 1.23, kubernetes/website#30141). Each action below is one of the page's sections, run
 * by the step named beside it (main/steps/runtimeMigration.ts).
 */

/** The page's socket for the kubelet's --container-runtime-endpoint and the Node annotation. */
export const CONTAINERD_ENDPOINT = 'unix:///run/containerd/containerd.sock';
/** Where kubeadm keeps a node's CRI socket up to 1.31 (kubeadm's constants.AnnotationKubeadmCRISocket). */
export const CRI_SOCKET_ANNOTATION = 'kubeadm.alpha.kubernetes.io/cri-socket';
/** The kubelet flags file kubeadm writes on every node (kubeadm's constants.KubeletEnvFileName). */
export const KUBEADM_FLAGS_ENV = '/var/lib/kubelet/kubeadm-flags.env';

export interface MigrationAction {
  /** The step that does it (common/catalog/steps.ts). */
  step: string;
  text: LocalizedText;
}

/** What happens on each node, in order. */
export const CONTAINERD_MIGRATION_ACTIONS: readonly MigrationAction[] = [
  {
    step: 'runtime-drain',
    text: {
      en: '“Drain the node”: kubectl cordon and kubectl drain --ignore-daemonsets from the first control plane.',
      zh: '“腾空节点”：在第一个控制平面节点执行 kubectl cordon 和 kubectl drain --ignore-daemonsets。',
    },
  },
  {
    step: 'runtime-stop-docker',
    text: {
      en: '“Stop the Docker daemon”: systemctl stop kubelet; systemctl disable docker.service --now (Docker stays installed, disabled).',
      zh: '“停止 Docker 守护进程”：systemctl stop kubelet；systemctl disable docker.service --now（Docker 保留安装，但被禁用）。',
    },
  },
  {
    step: 'container-runtime',
    text: {
      en: '“Install containerd”: the containerd.io package from the Docker CE repository, its default config with SystemdCgroup = true and the plan’s pause image as sandbox image, restarted.',
      zh: '“安装 containerd”：从 Docker CE 仓库安装 containerd.io，使用其默认配置并设置 SystemdCgroup = true、沙箱镜像为计划中的 pause 镜像，然后重启。',
    },
  },
  {
    step: 'runtime-kubelet',
    text: {
      en: `“Configure the kubelet”: --container-runtime=remote --container-runtime-endpoint=${CONTAINERD_ENDPOINT} in ${KUBEADM_FLAGS_ENV}; “Restart the kubelet”: systemctl start kubelet.`,
      zh: `“配置 kubelet”：在 ${KUBEADM_FLAGS_ENV} 中写入 --container-runtime=remote --container-runtime-endpoint=${CONTAINERD_ENDPOINT}；“重启 kubelet”：systemctl start kubelet。`,
    },
  },
  {
    step: 'runtime-uncordon',
    text: {
      en: `The Node’s ${CRI_SOCKET_ANNOTATION} annotation set to ${CONTAINERD_ENDPOINT}; “Verify that the node is healthy” (Ready, containerd:// in kubectl get nodes -o wide); “Uncordon the node”.`,
      zh: `将节点的 ${CRI_SOCKET_ANNOTATION} 注解设为 ${CONTAINERD_ENDPOINT}；“确认节点健康”（Ready，kubectl get nodes -o wide 显示 containerd://）；“恢复节点调度”。`,
    },
  },
];

/**
 * Expected downtime per node: its pods are away from the drain to the uncordon. On a control
 * plane the static pods (API server, etcd…) stop with Docker and start again under containerd,
 * which has none of Docker's images yet: they are pulled again first.
 */
export const CONTAINERD_MIGRATION_DOWNTIME: LocalizedText = {
  en: 'Per node, one at a time: its pods are away from the drain until the uncordon (typically 2–5 minutes, mostly containerd pulling the images Docker had). On a control plane the API server and etcd are down meanwhile (with one control plane, the whole cluster’s API).',
  zh: '逐个节点进行：从腾空到恢复调度期间该节点上没有 Pod（通常 2–5 分钟，主要是 containerd 重新拉取 Docker 已有的镜像）。在控制平面节点上，此期间 API 服务器和 etcd 停止（只有一个控制平面时，整个集群的 API 都不可用）。',
};
