// Catalog version 2024: Phụ lục I and Biểu mẫu 1–7 as a province used them in 2024.
// Data only: the columns after "note" (consolidate, levels, until, rate, cross, hint) are ours;
// see docs/catalog-format.md. A new version is a new file like this one, registered in index.ts.
export const catalog2024 = {
  id: '2024',
  title: 'Phụ lục I và Biểu mẫu 1–7 (2024)',
  phuLucI: `code	name	unit	kind	relation	note	consolidate	levels	until	rate	cross	hint
1	Công tác chỉ đạo điều hành CCHC		group							
1.1	Kế hoạch CCHC	Kế hoạch	count		1 = đã ban hành kế hoạch CCHC của kỳ						1 = đã ban hành kế hoạch CCHC của kỳ; 0 = chưa ban hành.
1.1.1	Số nhiệm vụ đề ra trong kế hoạch	Nhiệm vụ	count							
1.1.2	Số nhiệm vụ đã hoàn thành	Nhiệm vụ	count	<= 1.1.1	tỷ lệ hoàn thành = 1.1.2 / 1.1.1				hoan-thanh-ke-hoach|tỷ lệ hoàn thành nhiệm vụ kế hoạch|1.1.2|1.1.1		Không lớn hơn 1.1.1. Tỷ lệ hoàn thành = 1.1.2 / 1.1.1, tự tính.
1.1.3	Số văn bản chỉ đạo CCHC đã ban hành	Văn bản	count							= BM1/1.2 (warning)	
1.2	Kiểm tra CCHC		group							
1.2.1	Số phòng, ban, đơn vị thuộc và trực thuộc đã kiểm tra	Cơ quan, đơn vị	count							
1.2.2	Số UBND cấp xã đã kiểm tra	Cơ quan, đơn vị	count		only where the unit has communes under it; sở-level forms drop this row (the real sở form skips from 1.2.1 to 1.2.3)		tinh,huyen			
1.2.3	Số vấn đề phát hiện qua kiểm tra	Vấn đề	count							
1.2.4	Số vấn đề phát hiện đã xử lý xong	Vấn đề	count	<= 1.2.3					xu-ly-van-de-kiem-tra|tỷ lệ vấn đề đã xử lý|1.2.4|1.2.3		Không lớn hơn 1.2.3 (số vấn đề phát hiện).
1.3	Thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao		group							
1.3.1	Tổng số nhiệm vụ được giao	Nhiệm vụ	count							
1.3.2	Số nhiệm vụ đã hoàn thành đúng hạn	Nhiệm vụ	count	1.3.2 + 1.3.3 <= 1.3.1					nhiem-vu-dung-han|tỷ lệ nhiệm vụ hoàn thành đúng hạn|1.3.2|1.3.1		1.3.2 + 1.3.3 không lớn hơn 1.3.1 (tổng số nhiệm vụ được giao).
1.3.3	Số nhiệm vụ đã hoàn thành nhưng quá hạn	Nhiệm vụ	count							
1.4	Khảo sát sự hài lòng của người dân, tổ chức		group		(nếu có)					
1.4.1	Số lượng phiếu khảo sát	Số lượng	count							
1.4.2	Hình thức khảo sát	Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2	code:0,1,2			codes					Chọn mã: Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2.
1.5	Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp	Không = 0; Có = 1	code:0,1			codes					Chọn mã: Không = 0; Có = 1.
2	Cải cách thể chế		group							
2.1	Số VBQPPL đã ban hành/tham mưu ban hành	Văn bản	count							
2.2	Số VBQPPL đã kiểm tra theo thẩm quyền	Văn bản	count							= BM2/3.2 (warning)	
2.3	Số VBQPPL đã rà soát	Văn bản	count							= BM2/4.2 (warning)	
2.4	Số VBQPPL đã kiến nghị xử lý sau kiểm tra, rà soát	Văn bản	count	<= 2.2 + 2.3 (warning)						
2.5	Số VBQPPL có kiến nghị xử lý đã được xử lý xong	Văn bản	count	<= 2.4					xu-ly-kien-nghi-vbqppl|tỷ lệ văn bản có kiến nghị đã xử lý xong|2.5|2.4	
3	Cải cách thủ tục hành chính		group							
3.1	Thống kê TTHC	Thủ tục	count		stock: TTHC thuộc thẩm quyền at the cut-off date	stock					Số TTHC thuộc thẩm quyền có tại ngày chốt số liệu.
3.1.1	Số TTHC công bố mới	Thủ tục	count	<= 3.1 (warning)	flow in the period; NOT a part of 3.1						Số công bố mới trong kỳ; không phải một phần của 3.1.
3.1.2	Số TTHC bãi bỏ, thay thế	Thủ tục	count		flow in the period; NOT a part of 3.1						Số bãi bỏ, thay thế trong kỳ; không phải một phần của 3.1.
3.2	Thực hiện cơ chế một cửa, một cửa liên thông		group							
3.2.1	Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ	%	percent	0..100	consolidate weighted by 3.1	weighted:3.1					Ghi số phần trăm, từ 0 đến 100 (49,2 nghĩa là 49,2%).
3.2.2	Tỷ lệ quy trình nội bộ giải quyết TTHC đã được điện tử hóa	%	percent	0..100	consolidate weighted by 3.1	weighted:3.1					Ghi số phần trăm, từ 0 đến 100 (49,2 nghĩa là 49,2%).
3.3	Kết quả giải quyết TTHC	Hồ sơ	ratio:3.3.a/3.3.b		forms write it as one cell "16.181/16.183" (đã giải quyết/tiếp nhận); the template shows the two parts as two input rows	ratio				
3.3.a	Số hồ sơ đã giải quyết	Hồ sơ	count	<= 3.3.b	supplementary row (not numbered in the official form)				giai-quyet-ho-so|tỷ lệ hồ sơ đã giải quyết|3.3.a|3.3.b		Số đầu của "đã giải quyết/tiếp nhận" (16.181 trong 16.181/16.183); không lớn hơn 3.3.b.
3.3.b	Tổng số hồ sơ đã tiếp nhận	Hồ sơ	count		supplementary row (not numbered in the official form)						Số sau của "đã giải quyết/tiếp nhận" (16.183 trong 16.181/16.183).
3.3.1	Tỷ lệ hồ sơ TTHC tiếp nhận được giải quyết đúng hạn	%	percent	0..100	consolidate weighted by 3.3.a	weighted:3.3.a					Ghi số phần trăm, từ 0 đến 100 (49,2 nghĩa là 49,2%).
4	Cải cách tổ chức bộ máy hành chính nhà nước		group							
4.1	Cơ cấu tổ chức bộ máy		group							
4.1.1	Số phòng, ban, đơn vị thuộc, trực thuộc	Cơ quan, đơn vị	count		stock	stock					Số hiện có tại ngày chốt số liệu.
4.1.2	Số đơn vị sự nghiệp công lập	Cơ quan, đơn vị	count		stock	stock					Số hiện có tại ngày chốt số liệu.
4.1.2.1	Trong đó: Số ĐVSNCL thuộc sở, ban, ngành	Cơ quan, đơn vị	count	4.1.2.1 + 4.1.2.2 <= 4.1.2	the real form prints "Trong đó" in the STT column and no code	stock				
4.1.2.2	Trong đó: Số ĐVSNCL thuộc UBND cấp huyện	Cơ quan, đơn vị	count		cấp huyện exists only for periods before 01/7/2025	stock	tinh,huyen	2025-07-01		
4.1.3	Tỷ lệ ĐVSNCL đã cắt giảm so với năm 2015	%	percent	0..100	the real form prints no code; consolidate from 2015 baselines when known, else weighted by 4.1.2 and marked approximate	weighted~:4.1.2					Ghi số phần trăm so với năm 2015, từ 0 đến 100.
4.2	Số liệu về biên chế công chức		group							
4.2.1	Tổng số biên chế được giao trong năm	Người	count		stock	stock					Số hiện có tại ngày chốt số liệu.
4.2.2	Tổng số biên chế có mặt tại thời điểm báo cáo	Người	count	<= 4.2.1 (warning)	stock	stock					Số hiện có tại ngày chốt số liệu; thường không lớn hơn 4.2.1.
4.2.3	Số hợp đồng lao động làm việc tại cơ quan, đơn vị	Người	count							
4.2.4	Số biên chế đã tinh giản trong kỳ báo cáo	Người	count							
4.2.5	Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015	%	percent	0..100	same consolidation rule as 4.1.3	weighted~:4.2.1					Ghi số phần trăm so với năm 2015, từ 0 đến 100.
4.3	Số người làm việc hưởng lương từ NSNN tại các đơn vị sự nghiệp công lập trực thuộc		group		the real sở form mis-numbers this heading "4.3.4"					
4.3.1	Tổng số người làm việc được giao	Người	count			stock				
4.3.2	Tổng số người làm việc có mặt	Người	count	<= 4.3.1 (warning)		stock				
4.3.3	Số người đã tinh giản trong kỳ báo cáo	Người	count							
4.3.4	Tỷ lệ % đã tinh giản so với năm 2015	%	percent	0..100	same consolidation rule as 4.1.3	weighted~:4.3.1					Ghi số phần trăm so với năm 2015, từ 0 đến 100.
5	Cải cách chế độ công vụ		group							
5.1	Vị trí việc làm của công chức, viên chức		group							
5.1.1	Số phòng, ban, đơn vị/UBND cấp xã đã được phê duyệt vị trí việc làm theo quy định	Cơ quan, đơn vị	count							
5.1.2	Số đơn vị sự nghiệp trực thuộc đã được phê duyệt vị trí việc làm theo quy định	Cơ quan, đơn vị	count	<= 4.1.2 (warning)						
5.1.3	Số phòng, ban, đơn vị/đơn vị sự nghiệp trực thuộc/UBND cấp xã có vi phạm trong thực hiện vị trí việc làm phát hiện qua thanh tra	Cơ quan, đơn vị	count							
5.2	Tuyển dụng công chức, viên chức		group							
5.2.1	Số công chức được tuyển dụng (thi tuyển, xét tuyển)	Người	count							
5.2.2	Số công chức được tuyển dụng theo trường hợp đặc biệt	Người	count							
5.2.3	Số viên chức được tuyển dụng (thi tuyển, xét tuyển)	Người	count							
5.2.4	Số viên chức được tuyển dụng theo trường hợp đặc biệt	Người	count							
5.3	Số liệu về bổ nhiệm công chức lãnh đạo		group							
5.3.1	Thực hiện tuyển chọn, bổ nhiệm lãnh đạo qua thi tuyển	Chưa thực hiện = 0; Đã thực hiện = 1	code:0,1			codes					Chọn mã: Chưa thực hiện = 0; Đã thực hiện = 1.
5.3.2	Số lãnh đạo cấp sở, ngành được bổ nhiệm mới	Người	count							
5.3.3	Số lãnh đạo cấp phòng thuộc sở, ngành được bổ nhiệm mới	Người	count							
5.3.4	Số lãnh đạo cấp phòng thuộc UBND huyện được bổ nhiệm mới	Người	count		cấp huyện rows apply to periods before 01/7/2025		tinh,huyen	2025-07-01		
5.4	Số liệu về xử lý kỷ luật cán bộ, công chức (cả về Đảng và chính quyền)	Người	count		the real form gives this heading its own figure (a total)					
5.4.1	Số lãnh đạo cấp sở, ngành và UBND cấp huyện bị kỷ luật	Người	count	5.4.1 + 5.4.2 + 5.4.3 <= 5.4						
5.4.2	Số lãnh đạo cấp phòng thuộc sở, ngành và UBND cấp huyện bị kỷ luật	Người	count							
5.4.3	Số người làm việc hưởng lương từ NSNN tại các đơn vị SNCL trực thuộc bị kỷ luật	Người	count							
6	Cải cách tài chính công		group							
6.1	Số đơn vị SNCL đã thực hiện tự chủ 100% chi thường xuyên và chi đầu tư (lũy kế đến thời điểm báo cáo)	Cơ quan, đơn vị	count			stock				
6.2	Số đơn vị SNCL đã thực hiện tự chủ 100% chi thường xuyên (lũy kế đến thời điểm báo cáo)	Cơ quan, đơn vị	count			stock				
6.3	Số đơn vị SNCL đã thực hiện tự chủ một phần chi thường xuyên (lũy kế đến thời điểm báo cáo)	Cơ quan, đơn vị	count			stock				
6.4	Số đơn vị SNCL do nhà nước đảm bảo 100% chi thường xuyên (lũy kế đến thời điểm báo cáo)	Cơ quan, đơn vị	count	6.1 + 6.2 + 6.3 + 6.4 = 4.1.2 (warning)	every public service unit falls in exactly one autonomy group (Nghị định 60/2021)	stock					Mỗi ĐVSNCL thuộc đúng một nhóm tự chủ (Nghị định 60/2021): 6.1 + 6.2 + 6.3 + 6.4 = 4.1.2.
6.5	Số lượng đơn vị SNCL đã chuyển đổi thành công ty cổ phần (lũy kế đến thời điểm báo cáo)	Cơ quan, đơn vị	count			stock				
7	Xây dựng và phát triển Chính phủ điện tử, Chính phủ số		group							
7.1	Dịch vụ công trực tuyến	TTHC	count	= 7.1.1 + 7.1.2; <= 3.1 (warning)	the real form gives this heading its own figure (a total)	stock					Bằng 7.1.1 + 7.1.2.
7.1.1	Tổng số TTHC cung cấp toàn trình	TTHC	count		tỷ lệ toàn trình = 7.1.1 / 7.1	stock			toan-trinh|tỷ lệ TTHC cung cấp toàn trình|7.1.1|7.1		Tỷ lệ toàn trình = 7.1.1 / 7.1, tự tính.
7.1.2	Tổng số TTHC cung cấp một phần	TTHC	count			stock				
`,
  bieuMau: `form	code	name	unit	kind	relation	note	consolidate	levels	until	rate	cross	hint
BM1	 	CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC		title							
BM1	1	Kế hoạch và văn bản chỉ đạo		group							
BM1	1.1	Số kế hoạch về CCHC đã ban hành (CCHC, tuyên truyền, kiểm tra, khác)	Kế hoạch	count							
BM1	1.2	Số văn bản chỉ đạo, điều hành CCHC đã ban hành	Văn bản	count							
BM1	2	Tuyên truyền CCHC		group							
BM1	2.1	Số tin, bài về CCHC đã đăng tải, phát sóng	Tin, bài	count							
BM1	2.2	Số hội nghị, lớp tập huấn, cuộc thi về CCHC	Hoạt động	count							
BM1	3	Kiểm tra CCHC		group							
BM1	3.1	Số cơ quan, đơn vị được kiểm tra	Cơ quan, đơn vị	count							= PL1/1.2.1 (warning)	
BM1	3.2	Số vấn đề phát hiện qua kiểm tra	Vấn đề	count							= PL1/1.2.3 (warning)	
BM1	3.3	Số vấn đề đã xử lý xong	Vấn đề	count	<= 3.2						= PL1/1.2.4 (warning)	
BM1	4	Nhiệm vụ được cấp trên giao (Chính phủ, Thủ tướng; UBND, Chủ tịch UBND tỉnh)		group							
BM1	4.1	Tổng số nhiệm vụ được giao	Nhiệm vụ	count	= 4.2 + 4.3						
BM1	4.2	Số nhiệm vụ đã hoàn thành	Nhiệm vụ	count	= 4.2.1 + 4.2.2					hoan-thanh-nhiem-vu-giao|tỷ lệ nhiệm vụ được giao đã hoàn thành|4.2|4.1	
BM1	4.2.1	Hoàn thành đúng hạn, trước hạn	Nhiệm vụ	count							
BM1	4.2.2	Hoàn thành nhưng quá hạn	Nhiệm vụ	count							
BM1	4.3	Số nhiệm vụ chưa hoàn thành	Nhiệm vụ	count	= 4.3.1 + 4.3.2 + 4.3.3						
BM1	4.3.1	Chưa hoàn thành, còn trong hạn	Nhiệm vụ	count							
BM1	4.3.2	Chưa hoàn thành, đã quá hạn	Nhiệm vụ	count							
BM1	4.3.3	Chưa hoàn thành, không có thời hạn	Nhiệm vụ	count							
BM1	5	Đánh giá sự hài lòng (phiếu đánh giá tại bộ phận một cửa, khảo sát)		group							
BM1	5.1	Số phiếu đánh giá thu về	Phiếu	count	= 5.1.1 + 5.1.2 + 5.1.3	tỷ lệ hài lòng = 5.1.1 / 5.1						Bằng 5.1.1 + 5.1.2 + 5.1.3. Tỷ lệ hài lòng = 5.1.1 / 5.1, tự tính.
BM1	5.1.1	Hài lòng, tốt	Phiếu	count						hai-long|tỷ lệ hài lòng|5.1.1|5.1	
BM1	5.1.2	Bình thường	Phiếu	count							
BM1	5.1.3	Không hài lòng	Phiếu	count							
BM2	 	CẢI CÁCH THỂ CHẾ		title							
BM2	1	Số VBQPPL đã ban hành	Văn bản	count	= 1.1 + 1.2						
BM2	1.1	Nghị quyết của HĐND	Văn bản	count							
BM2	1.2	Quyết định của UBND	Văn bản	count							
BM2	2	Thẩm định, góp ý		group							
BM2	2.1	Số dự thảo VBQPPL đã thẩm định	Dự thảo	count							
BM2	2.2	Số dự thảo văn bản đã góp ý	Dự thảo	count							
BM2	3	Kiểm tra VBQPPL		group							
BM2	3.1	Số văn bản đã tự kiểm tra	Văn bản	count							
BM2	3.2	Số văn bản đã kiểm tra theo thẩm quyền	Văn bản	count							
BM2	3.3	Số văn bản phát hiện trái pháp luật	Văn bản	count	<= 3.1 + 3.2						
BM2	3.4	Số văn bản trái pháp luật đã xử lý	Văn bản	count	<= 3.3						
BM2	4	Rà soát VBQPPL		group							
BM2	4.1	Số văn bản phải rà soát	Văn bản	count							
BM2	4.2	Số văn bản đã rà soát	Văn bản	count	<= 4.1					ra-soat-vbqppl|tỷ lệ văn bản đã rà soát|4.2|4.1	
BM2	4.3	Số văn bản kiến nghị sửa đổi, bổ sung, thay thế, bãi bỏ	Văn bản	count	<= 4.2						
BM2	5	Phổ biến, giáo dục pháp luật		group							
BM2	5.1	Số buổi tuyên truyền, phổ biến pháp luật	Buổi	count							
BM2	5.2	Số lượt người tham dự	Lượt người	count							
BM3	 	CẢI CÁCH THỦ TỤC HÀNH CHÍNH		title							
BM3	1	Công bố TTHC		group							
BM3	1.1	Số quyết định công bố TTHC đã ban hành	Quyết định	count							
BM3	1.2	Tổng số TTHC được công bố trong kỳ	Thủ tục	count	= 1.2.1 + 1.2.2 + 1.2.3 + 1.2.4						
BM3	1.2.1	Ban hành mới	Thủ tục	count							
BM3	1.2.2	Sửa đổi, bổ sung	Thủ tục	count							
BM3	1.2.3	Thay thế	Thủ tục	count							
BM3	1.2.4	Bãi bỏ	Thủ tục	count							
BM3	2	TTHC thuộc thẩm quyền và cơ chế một cửa		group							
BM3	2.1	Tổng số TTHC thuộc thẩm quyền giải quyết	Thủ tục	count	= 2.1.1 + 2.1.2 + 2.1.3	levels that do not exist for the period stay empty	stock				= PL1/3.1 (warning)	Bằng 2.1.1 + 2.1.2 + 2.1.3; thường bằng 3.1 của Phụ lục I.
BM3	2.1.1	Cấp tỉnh	Thủ tục	count			stock				
BM3	2.1.2	Cấp huyện	Thủ tục	count		periods before 01/7/2025	stock		2025-07-01		
BM3	2.1.3	Cấp xã	Thủ tục	count			stock				
BM3	2.2	Số TTHC thực hiện tại Bộ phận Một cửa các cấp	Thủ tục	count	<= 2.1		stock				
BM3	2.3	Số TTHC thực hiện liên thông (cùng cấp và các cấp)	Thủ tục	count	<= 2.1		stock				
BM3	2.4	Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ	%	percent	0..100	the real form notes it as "127/127" beside the rate	weighted:2.1				= PL1/3.2.1 (warning)
BM3	3	Rà soát, đơn giản hóa TTHC		group							
BM3	3.1	Số TTHC đã rà soát	Thủ tục	count							
BM3	3.2	Số TTHC được cắt giảm, đơn giản hóa	Thủ tục	count	<= 3.1	tỷ lệ = 3.2 / 3.1				cat-giam-tthc|tỷ lệ TTHC được cắt giảm, đơn giản hóa|3.2|3.1		Không lớn hơn 3.1. Tỷ lệ = 3.2 / 3.1, tự tính.
BM3	3.3	Tổng thời gian giải quyết theo quy định	Ngày	count							
BM3	3.4	Tổng thời gian giải quyết sau cắt giảm	Ngày	count	<= 3.3	thời gian cắt giảm = 3.3 − 3.4; tỷ lệ = (3.3 − 3.4) / 3.3				cat-giam-thoi-gian|tỷ lệ thời gian giải quyết được cắt giảm|3.3 - 3.4|3.3		Không lớn hơn 3.3. Thời gian cắt giảm = 3.3 − 3.4, tỷ lệ tự tính.
BM3	4	Kết quả giải quyết hồ sơ TTHC		group							
BM3	4.1	Tổng số hồ sơ tiếp nhận	Hồ sơ	count	= 4.1.1 + 4.1.2 + 4.1.3; = 4.2 + 4.3	cross-check: Phụ lục I 3.3.b (warning when both are filled and differ)					= PL1/3.3.b (warning)	Bằng 4.1.1 + 4.1.2 + 4.1.3 và bằng 4.2 + 4.3; thường bằng 3.3.b của Phụ lục I.
BM3	4.1.1	Từ kỳ trước chuyển sang	Hồ sơ	count							
BM3	4.1.2	Mới tiếp nhận trực tuyến	Hồ sơ	count		tỷ lệ trực tuyến = 4.1.2 / (4.1.2 + 4.1.3)				tiep-nhan-truc-tuyen|tỷ lệ hồ sơ tiếp nhận trực tuyến|4.1.2|4.1.2 + 4.1.3	
BM3	4.1.3	Mới tiếp nhận trực tiếp, qua dịch vụ bưu chính	Hồ sơ	count							
BM3	4.2	Số hồ sơ đã giải quyết	Hồ sơ	count	= 4.2.1 + 4.2.2 + 4.2.3	cross-check: Phụ lục I 3.3.a; tỷ lệ đúng hạn = (4.2.1 + 4.2.2) / 4.2, cross-check Phụ lục I 3.3.1				giai-quyet-dung-han|tỷ lệ hồ sơ giải quyết đúng hạn, trước hạn|4.2.1 + 4.2.2|4.2|PL1/3.3.1	= PL1/3.3.a (warning)	Bằng 4.2.1 + 4.2.2 + 4.2.3; thường bằng 3.3.a của Phụ lục I.
BM3	4.2.1	Giải quyết trước hạn	Hồ sơ	count							
BM3	4.2.2	Giải quyết đúng hạn	Hồ sơ	count							
BM3	4.2.3	Giải quyết quá hạn	Hồ sơ	count							
BM3	4.3	Số hồ sơ đang giải quyết	Hồ sơ	count	= 4.3.1 + 4.3.2						
BM3	4.3.1	Trong hạn	Hồ sơ	count							
BM3	4.3.2	Quá hạn	Hồ sơ	count							
BM3	5	Phản ánh, kiến nghị (PAKN) về quy định hành chính		group							
BM3	5.1	Số PAKN đã tiếp nhận	PAKN	count							
BM3	5.2	Số PAKN đã xử lý xong	PAKN	count	<= 5.1	tỷ lệ = 5.2 / 5.1				xu-ly-pakn|tỷ lệ phản ánh, kiến nghị đã xử lý xong|5.2|5.1		Không lớn hơn 5.1. Tỷ lệ = 5.2 / 5.1, tự tính.
BM3	6	Số hóa hồ sơ, kết quả giải quyết TTHC		group							
BM3	6.1	Tỷ lệ hồ sơ được số hóa khi tiếp nhận	%	percent	0..100		weighted:4.1				
BM3	6.2	Tỷ lệ kết quả giải quyết được số hóa	%	percent	0..100		weighted:4.2				
BM4	 	CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC		title							
BM4	1	Cơ quan hành chính		group							
BM4	1.1	Số cơ quan chuyên môn, tổ chức hành chính	Cơ quan	count			stock				
BM4	1.2	Số phòng chuyên môn thuộc UBND cấp huyện	Phòng	count		periods before 01/7/2025	stock	tinh,huyen	2025-07-01		
BM4	2	Đơn vị sự nghiệp công lập (ĐVSNCL)		group							
BM4	2.1	Tổng số ĐVSNCL	Đơn vị	count	= 2.1.1 + 2.1.2 + 2.1.3	cross-check: Phụ lục I 4.1.2	stock				= PL1/4.1.2 (warning)	Bằng 2.1.1 + 2.1.2 + 2.1.3; thường bằng 4.1.2 của Phụ lục I.
BM4	2.1.1	Trực thuộc UBND tỉnh	Đơn vị	count			stock				
BM4	2.1.2	Trực thuộc sở, ban, ngành	Đơn vị	count			stock				= PL1/4.1.2.1 (warning)	
BM4	2.1.3	Trực thuộc UBND cấp huyện, cấp xã	Đơn vị	count			stock				
BM4	2.2	Số ĐVSNCL giảm trong kỳ (sáp nhập, giải thể)	Đơn vị	count							
BM4	3	Biên chế và số người làm việc		group							
BM4	3.1	Biên chế công chức được giao	Người	count			stock				= PL1/4.2.1 (warning)	
BM4	3.2	Biên chế công chức có mặt	Người	count	<= 3.1 (warning)		stock				= PL1/4.2.2 (warning)	
BM4	3.3	Số người làm việc trong ĐVSNCL được giao	Người	count			stock				= PL1/4.3.1 (warning)	
BM4	3.4	Số người làm việc trong ĐVSNCL có mặt	Người	count	<= 3.3 (warning)		stock				= PL1/4.3.2 (warning)	
BM4	3.5	Số hợp đồng lao động (Nghị định 111/2022/NĐ-CP)	Người	count			stock				= PL1/4.2.3 (warning)	
BM4	3.6	Số người đã tinh giản biên chế trong kỳ	Người	count							= PL1/4.2.4 (warning)	
BM5	 	CẢI CÁCH CHẾ ĐỘ CÔNG VỤ		title							
BM5	1	Vị trí việc làm		group							
BM5	1.1	Số cơ quan, tổ chức hành chính đã được phê duyệt vị trí việc làm	Cơ quan	count	<= 1.2	tỷ lệ = 1.1 / 1.2	stock			vtvl-hanh-chinh|tỷ lệ cơ quan hành chính đã được phê duyệt vị trí việc làm|1.1|1.2		Không lớn hơn 1.2. Tỷ lệ = 1.1 / 1.2, tự tính.
BM5	1.2	Tổng số cơ quan, tổ chức hành chính	Cơ quan	count			stock				
BM5	1.3	Số ĐVSNCL đã được phê duyệt vị trí việc làm	Đơn vị	count	<= 1.4		stock			vtvl-su-nghiep|tỷ lệ ĐVSNCL đã được phê duyệt vị trí việc làm|1.3|1.4	
BM5	1.4	Tổng số ĐVSNCL	Đơn vị	count			stock				
BM5	1.5	Số xã, phường, thị trấn đã được phê duyệt vị trí việc làm	Đơn vị	count	<= 1.6		stock	tinh,huyen		vtvl-cap-xa|tỷ lệ xã, phường, thị trấn đã được phê duyệt vị trí việc làm|1.5|1.6	
BM5	1.6	Tổng số xã, phường, thị trấn	Đơn vị	count			stock	tinh,huyen			
BM5	2	Tuyển dụng		group							
BM5	2.1	Số công chức được tuyển dụng	Người	count							
BM5	2.2	Số viên chức được tuyển dụng	Người	count							
BM5	3	Bổ nhiệm lãnh đạo, quản lý		group							
BM5	3.1	Số người được bổ nhiệm mới	Người	count							
BM5	3.2	Số người được bổ nhiệm lại	Người	count							
BM5	3.3	Số người được điều động, bổ nhiệm	Người	count							
BM5	4	Số người được nâng ngạch, thăng hạng, chuyển ngạch	Người	count							
BM5	5	Số cán bộ, công chức, viên chức bị kỷ luật	Người	count	= 5.1 + 5.2 + 5.3						
BM5	5.1	Cán bộ	Người	count							
BM5	5.2	Công chức	Người	count							
BM5	5.3	Viên chức	Người	count							
BM5	6	Đào tạo, bồi dưỡng		group							
BM5	6.1	Số lớp đào tạo, bồi dưỡng đã tổ chức	Lớp	count							
BM5	6.2	Số lượt người được đào tạo, bồi dưỡng	Lượt người	count							
BM6	 	CẢI CÁCH TÀI CHÍNH CÔNG		title							
BM6	1	Thu ngân sách nhà nước		group							
BM6	1.1	Dự toán thu được giao	Triệu đồng	money							
BM6	1.2	Ước thực hiện thu trong kỳ	Triệu đồng	money		tỷ lệ so với dự toán = 1.2 / 1.1				thu-ngan-sach|tỷ lệ thu so với dự toán|1.2|1.1		Triệu đồng. Tỷ lệ so với dự toán = 1.2 / 1.1, tự tính.
BM6	2	Giải ngân vốn đầu tư công		group							
BM6	2.1	Kế hoạch vốn được giao	Triệu đồng	money							
BM6	2.2	Số vốn đã giải ngân	Triệu đồng	money	<= 2.1 (warning)	tỷ lệ giải ngân = 2.2 / 2.1				giai-ngan|tỷ lệ giải ngân vốn đầu tư công|2.2|2.1		Triệu đồng; thường không lớn hơn 2.1. Tỷ lệ giải ngân tự tính.
BM6	3	Số ĐVSNCL thực hiện cơ chế tự chủ (Nghị định 60/2021/NĐ-CP)	Đơn vị	count	= 3.1 + 3.2 + 3.3 + 3.4		stock				
BM6	3.1	Tự bảo đảm chi thường xuyên và chi đầu tư	Đơn vị	count			stock				= PL1/6.1 (warning)	
BM6	3.2	Tự bảo đảm chi thường xuyên	Đơn vị	count			stock				= PL1/6.2 (warning)	
BM6	3.3	Tự bảo đảm một phần chi thường xuyên	Đơn vị	count			stock				= PL1/6.3 (warning)	
BM6	3.4	Do ngân sách nhà nước bảo đảm chi thường xuyên	Đơn vị	count			stock				= PL1/6.4 (warning)	
BM6	4	Kiến nghị sau thanh tra, kiểm tra, kiểm toán về tài chính, ngân sách		group							
BM6	4.1	Tổng số tiền kiến nghị xử lý về kinh tế	Triệu đồng	money							
BM6	4.2	Số tiền kiến nghị đã thực hiện	Triệu đồng	money	<= 4.1	tỷ lệ = 4.2 / 4.1				thuc-hien-kien-nghi-tai-chinh|tỷ lệ số tiền kiến nghị đã thực hiện|4.2|4.1		Triệu đồng; không lớn hơn 4.1. Tỷ lệ tự tính.
BM7	 	XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ		title							
BM7	1	Tổng số TTHC, dịch vụ công cung cấp trên Hệ thống thông tin giải quyết TTHC	Thủ tục	count	= 1.1 + 1.2 + 1.3		stock				= PL1/7.1 (warning)	
BM7	1.1	Dịch vụ công trực tuyến toàn trình	Thủ tục	count		cross-check: Phụ lục I 7.1.1	stock				= PL1/7.1.1 (warning)	Thường bằng 7.1.1 của Phụ lục I.
BM7	1.2	Dịch vụ công trực tuyến một phần	Thủ tục	count		cross-check: Phụ lục I 7.1.2	stock				= PL1/7.1.2 (warning)	Thường bằng 7.1.2 của Phụ lục I.
BM7	1.3	Dịch vụ công khác	Thủ tục	count			stock				
BM7	2	Hồ sơ trực tuyến		group							
BM7	2.1	Tổng số hồ sơ tiếp nhận	Hồ sơ	count							
BM7	2.2	Số hồ sơ tiếp nhận trực tuyến	Hồ sơ	count	<= 2.1	tỷ lệ trực tuyến = 2.2 / 2.1				ho-so-truc-tuyen|tỷ lệ hồ sơ tiếp nhận trực tuyến|2.2|2.1		Không lớn hơn 2.1. Tỷ lệ trực tuyến = 2.2 / 2.1, tự tính.
BM7	2.3	Tỷ lệ hồ sơ giải quyết đúng và trước hạn	%	percent	0..100		weighted:2.1				
BM7	3	Số chứng thư chữ ký số đã cấp	Chứng thư	count			stock				
BM7	4	Thư điện tử công vụ		group							
BM7	4.1	Tổng số tài khoản	Tài khoản	count			stock				
BM7	4.2	Số tài khoản hoạt động	Tài khoản	count	<= 4.1	tỷ lệ = 4.2 / 4.1	stock			thu-dien-tu|tỷ lệ tài khoản thư điện tử công vụ hoạt động|4.2|4.1		Không lớn hơn 4.1. Tỷ lệ = 4.2 / 4.1, tự tính.
BM7	5	Hạ tầng		group							
BM7	5.1	Tỷ lệ cơ quan có mạng nội bộ (LAN) kết nối Internet	%	percent	0..100		none				
BM7	5.2	Tỷ lệ máy tính trên cán bộ, công chức	%	percent	0..100		none				
BM7	6	Số cơ quan áp dụng hệ thống quản lý chất lượng TCVN ISO 9001:2015	Cơ quan	count			stock				
`,
};
